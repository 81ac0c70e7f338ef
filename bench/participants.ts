/**
 * Agents as participants of a branch, on two production instances sharing one database (prints numbers;
 * asserts nothing): what an agent's turn writes (its position in `branch_participants`, a step in the
 * activity log) is written here straight to the database, as the worker does, and timed until a person's
 * stream on instance B parses it — the "within a second" of issue 20, without the model's own pace.
 *
 *   npx tsx bench/participants.ts   (after `npx next build`)
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { joinBranch, leaveBranch, moveParticipant, appendParticipantStep } from '@/lib/workspace/participants';
import { startBenchApp } from './support/app';
import { figure, ms, percentile } from './support/report';
import { openStream } from './support/sse-reader';

const owner = 'alice';
const repo = 'sample-game';
const SAMPLES = Number(process.env.PARTICIPANT_SAMPLES ?? 40);
const WARM_UP = 5;

async function main(): Promise<void> {
  const app = await startBenchApp();
  try {
    const cookie = await app.sessionCookie('alice');
    const branch = `bench/participants-${Date.now()}`;
    const created = await fetch(`${app.urlA}/api/github/branches`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json', origin: app.urlA },
      body: JSON.stringify({ owner, repo, baseBranch: 'main', newBranch: branch }),
    });
    if (!created.ok) throw new Error(`branch: ${created.status}`);
    const userId = (await app.database.db.selectFrom('users').select('id').where('login', '=', 'alice').executeTakeFirstOrThrow()).id;

    const waiting = new Map<string, (at: number) => void>();
    const stream = openStream(`${app.urlB}/api/workspace/events/stream?${new URLSearchParams({ owner, repo, branch })}`, cookie, (event, data, at) => {
      for (const [marker, done] of waiting) {
        if (data.includes(marker)) {
          waiting.delete(marker);
          done(at);
        }
      }
    });
    await stream.ready;
    await sleep(500);

    const where = { owner, repo, branch };
    const participant = { ...where, id: 'agent:bench', kind: 'agent' as const, userId, agentId: 'bench', label: "Agent 'Bench'", page: 'code' as const };
    await joinBranch(app.database.db, participant);
    const arrival = (marker: string) => new Promise<number>((resolve) => waiting.set(marker, resolve));

    const positions: number[] = [];
    const steps: number[] = [];
    for (let i = -WARM_UP; i < SAMPLES; i++) {
      const path = `src/file-${i}.ts`;
      const moved = arrival(`editing ${path}`);
      const sentAt = performance.now();
      await moveParticipant(app.database.db, participant.id, { path, activity: `editing ${path}` });
      const movedAt = await moved;
      const logged = arrival(`ran step ${i} `);
      const loggedFrom = performance.now();
      await appendParticipantStep(app.database.db, where, userId, {
        participantId: participant.id,
        kind: 'agent',
        label: participant.label,
        agentId: 'bench',
        turn: 'bench#1',
        text: `ran step ${i} `,
        page: 'code',
        path: null,
      });
      const loggedAt = await logged;
      if (i >= 0) {
        positions.push(movedAt - sentAt);
        steps.push(loggedAt - loggedFrom);
      }
      await sleep(50);
    }
    await leaveBranch(app.database.db, participant.id);
    stream.close();

    console.log(`agent position → presence on instance B: p50 ${ms(percentile(positions, 50))}, p99 ${ms(percentile(positions, 99))}`);
    console.log(`agent step → activity on instance B: p50 ${ms(percentile(steps, 50))}, p99 ${ms(percentile(steps, 99))}`);
    figure({ metric: "agent's position → presence on another instance, p99", target: '≤ 1 s', measured: ms(percentile(positions, 99)), pass: percentile(positions, 99) <= 1_000 });
    figure({ metric: "agent's step → activity feed on another instance, p99", target: '≤ 1 s', measured: ms(percentile(steps, 99)), pass: percentile(steps, 99) <= 1_000 });
  } finally {
    await app.close();
  }
}

await main();
