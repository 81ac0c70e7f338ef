import { sql } from 'kysely';
import { getEventListeners } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addFollowUp } from '@/lib/agents/control';
import { createAgent } from '@/lib/agents/create';
import { getOwnAgent } from '@/lib/agents/queries';
import { startAgentWorker } from '@/lib/agents/worker';
import { githubClientForUser } from '@/lib/github/client';
import type { GitHubClient } from '@/lib/github/octokit';
import { startTestAnthropic, type TestAnthropic } from '../support/anthropic';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startTestGitHub, storeSignedInUser, type TestGitHub } from '../support/github';

let github: TestGitHub;
let anthropic: TestAnthropic;
let database: TestDatabase;
let userId: string;
let client: GitHubClient;
let worker: Awaited<ReturnType<typeof startAgentWorker>>;

beforeAll(async () => {
  github = await startTestGitHub();
  anthropic = await startTestAnthropic();
  database = await createTestDatabase();
  userId = (await storeSignedInUser(github, database.db, 'alice')).id;
  client = githubClientForUser(database.db, userId);
  const { llmTurnRunner } = await import('@/lib/agents/turn');
  worker = await startAgentWorker({
    connectionString: database.url,
    db: database.db,
    runTurn: llmTurnRunner('http://webedt.test'),
    pollIntervalMs: 50,
  });
});

afterAll(async () => {
  await worker?.stop();
  await database?.drop();
  await anthropic?.close();
  await github?.close();
});

const agentOf = (id: string) => getOwnAgent(database.db, userId, id);
/** The agent's status once it settles; a failure shows its error instead of timing out. */
async function settled(id: string): Promise<string> {
  await expect.poll(async () => ['completed', 'failed', 'cancelled'].includes((await agentOf(id)).status), { timeout: 20_000 }).toBe(true);
  const agent = await agentOf(id);
  return agent.status === 'failed' ? `failed: ${agent.last_error}` : agent.status;
}
const commitsOn = async (branch: string) =>
  (await client.rest.repos.listCommits({ owner: 'alice', repo: 'sample-game', sha: branch, per_page: 100 })).data;

describe('an agent turn with the model (Anthropic emulator) on a real branch', () => {
  it('streams its steps, commits its edit once, and continues on the same branch after a follow-up', async () => {
    const agent = await createAgent(database.db, client, userId, {
      owner: 'alice',
      repo: 'sample-game',
      baseBranch: 'main',
      taskRequest: 'Make the README friendlier [scenario:edit-readme]',
    });
    const baseCommits = (await commitsOn('main')).length;
    expect(await settled(agent.id)).toBe('completed');

    // The first turn made the branch from the head of main, then committed on it.
    const commits = await commitsOn(agent.branch!);
    expect(commits).toHaveLength(baseCommits + 1);
    expect(commits[1]!.sha).toBe((await commitsOn('main'))[0]!.sha);
    expect(commits[0]!.commit.message).toContain(`WebEDT-Agent-Turn: ${agent.id}#1`);
    expect(commits[0]!.commit.message).toContain(`http://webedt.test/agents/${agent.id}`);
    const { data: readme } = await client.rest.repos.getContent({ owner: 'alice', repo: 'sample-game', path: 'README.md', ref: agent.branch! });
    expect(Buffer.from((readme as { content: string }).content, 'base64').toString()).toContain('A tiny, friendly platformer used as');

    const events = await database.db.selectFrom('agent_events').select(['event_type', 'event_data']).where('agent_id', '=', agent.id).orderBy('id').execute();
    const types = events.map((e) => e.event_type);
    expect(types.filter((t) => t === 'tool_call')).toHaveLength(3);
    expect(types.filter((t) => t === 'tool_result')).toHaveLength(3);
    expect(types).toContain('text_delta');
    // The branch is announced as soon as the first turn made it, before any step of the model.
    expect(types.indexOf('branch_created')).toBeGreaterThan(-1);
    expect(types.indexOf('branch_created')).toBeLessThan(types.indexOf('tool_call'));
    expect(events.find((e) => e.event_type === 'commit')?.event_data).toMatchObject({ sha: commits[0]!.sha, files: ['README.md'] });
    const done = await agentOf(agent.id);
    expect(Number(done.input_tokens)).toBeGreaterThan(0);
    expect(Number(done.total_cost)).toBeGreaterThan(0);
    // The commit is announced on the branch's workspace log too, for anyone with the branch open.
    // Before it, the agent's step as it happened (it joined the branch as a participant, and left); around
    // them, its status changes.
    const fileEvents = await database.db
      .selectFrom('workspace_events')
      .select(['event_type', 'path', sql<string | null>`payload->>'text'`.as('text')])
      .where('branch', '=', agent.branch!)
      .orderBy('id')
      .execute();
    expect(fileEvents).toEqual([
      { event_type: 'participant_step', path: null, text: 'is queued' },
      { event_type: 'participant_step', path: null, text: 'started working' },
      { event_type: 'participant_step', path: 'README.md', text: 'is editing README.md' },
      { event_type: 'commit', path: 'README.md', text: null },
      { event_type: 'participant_step', path: null, text: 'finished' },
    ]);
    expect(await database.db.selectFrom('branch_participants').selectAll().where('branch', '=', agent.branch!).execute()).toEqual([]);

    await addFollowUp(database.db, done, 'Also document the controls [scenario:write-file]');
    await expect.poll(async () => (await agentOf(agent.id)).turns, { timeout: 20_000 }).toBe(2);
    expect(await settled(agent.id)).toBe('completed');
    const after = await commitsOn(agent.branch!);
    expect(after).toHaveLength(baseCommits + 2);
    expect(after[0]!.commit.message).toContain(`WebEDT-Agent-Turn: ${agent.id}#2`);
  });

  it('makes the first commit of an empty repository (no parent) on its own branch', async () => {
    const blank = { owner: 'alice', repo: 'blank-slate' };
    const agent = await createAgent(database.db, client, userId, {
      ...blank,
      baseBranch: 'main',
      taskRequest: 'Document the controls [scenario:write-file]',
    });
    expect(await settled(agent.id)).toBe('completed');
    const { data: commits } = await client.rest.repos.listCommits({ ...blank, sha: agent.branch! });
    expect(commits).toHaveLength(1);
    expect(commits[0]!.parents).toEqual([]);
    expect(commits[0]!.commit.message).toContain(`WebEDT-Agent-Turn: ${agent.id}#1`);
    const { data: tree } = await client.rest.git.getTree({ ...blank, tree_sha: commits[0]!.sha, recursive: '1' });
    expect(tree.tree.filter((entry) => entry.type === 'blob').map((entry) => entry.path)).toEqual(['docs/CONTROLS.md']);
  });

  it("leaves no listener on the worker's shutdown signal once a turn is over", async () => {
    const agent = await createAgent(database.db, client, userId, { owner: 'alice', repo: 'sample-game', baseBranch: 'main', taskRequest: 'Say hello' });
    expect(await settled(agent.id)).toBe('completed');
    const { llmTurnRunner } = await import('@/lib/agents/turn');
    const shutdown = new AbortController();
    const done = await agentOf(agent.id);
    for (let turn = done.turns + 1; turn <= done.turns + 2; turn++) {
      const outcome = await llmTurnRunner('http://webedt.test')({
        db: database.db,
        agent: done,
        turn,
        signal: shutdown.signal,
        emit: async () => {},
        cancelRequested: async () => false,
      });
      expect(outcome.cancelled).toBe(false);
    }
    expect(getEventListeners(shutdown.signal, 'abort')).toEqual([]);
  });

  it('does not commit a turn twice when it is run again after its commit landed (its branch already made)', async () => {
    const agent = await createAgent(database.db, client, userId, {
      owner: 'alice',
      repo: 'sample-game',
      baseBranch: 'main',
      taskRequest: 'Add a controls page [scenario:write-file]',
    });
    expect(await settled(agent.id)).toBe('completed');
    const before = await commitsOn(agent.branch!);
    // As if the worker died after committing turn 1 but before recording it: the turn runs again.
    await database.db.updateTable('agents').set({ turns: 0, status: 'queued' }).where('id', '=', agent.id).execute();
    const { enqueueAgentTurn } = await import('@/lib/agents/queue');
    await enqueueAgentTurn(database.db, agent.id);
    await expect.poll(async () => (await agentOf(agent.id)).turns, { timeout: 20_000 }).toBe(1);
    expect(await settled(agent.id)).toBe('completed');
    expect(await commitsOn(agent.branch!)).toHaveLength(before.length);
  });
});
