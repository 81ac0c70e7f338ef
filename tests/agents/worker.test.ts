import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { addFollowUp, requestCancel } from '@/lib/agents/control';
import { createAgent } from '@/lib/agents/create';
import { getOwnAgent } from '@/lib/agents/queries';
import { releaseStaleAgents, startAgentWorker, type TurnRunner } from '@/lib/agents/worker';
import { githubClientForUser } from '@/lib/github/client';
import type { GitHubClient } from '@/lib/github/octokit';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startTestGitHub, storeSignedInUser, type TestGitHub } from '../support/github';

let github: TestGitHub;
let database: TestDatabase;
let userId: string;
let client: GitHubClient;
let runTurn: TurnRunner;
let worker: Awaited<ReturnType<typeof startAgentWorker>> | undefined;

beforeAll(async () => {
  github = await startTestGitHub();
  database = await createTestDatabase();
  userId = (await storeSignedInUser(github, database.db, 'alice')).id;
  client = githubClientForUser(database.db, userId);
});

afterEach(async () => {
  await worker?.stop();
  worker = undefined;
});

afterAll(async () => {
  await database?.drop();
  await github?.close();
});

async function startWorker(perUserLimit = 3) {
  worker = await startAgentWorker({
    connectionString: database.url,
    db: database.db,
    runTurn: (context) => runTurn(context),
    pollIntervalMs: 50,
    perUserLimit,
    staleAfterMs: 60_000,
  });
}

const newAgent = (task: string) =>
  createAgent(database.db, client, userId, { owner: 'alice', repo: 'sample-game', baseBranch: 'main', taskRequest: task });

const agentOf = (id: string) => getOwnAgent(database.db, userId, id);
const eventTypes = async (id: string) =>
  (await database.db.selectFrom('agent_events').select('event_type').where('agent_id', '=', id).orderBy('id').execute()).map((e) => e.event_type);

const usage = { inputTokens: 100, outputTokens: 10, costUsd: 0.001 };

describe('the agent worker', () => {
  it('runs a queued agent to completion, recording steps, tokens and cost', async () => {
    runTurn = async ({ emit, turn }) => {
      await emit('text_delta', { text: `turn ${turn}` });
      return { commit: { sha: 'a'.repeat(40), message: 'Agent: change', files: ['README.md'] }, cancelled: false, ...usage };
    };
    const agent = await newAgent('Complete me');
    await startWorker();
    await expect.poll(async () => (await agentOf(agent.id)).status, { timeout: 10_000 }).toBe('completed');
    const done = await agentOf(agent.id);
    expect(done.turns).toBe(1);
    expect(Number(done.input_tokens)).toBe(100);
    expect(Number(done.total_cost)).toBeCloseTo(0.001);
    expect(await eventTypes(agent.id)).toEqual(['user_message', 'status', 'status', 'text_delta', 'commit', 'completed', 'status']);
  });

  it('answers a follow-up that arrives during a turn in another turn of the same run', async () => {
    let release!: () => void;
    const firstTurnHeld = new Promise<void>((resolve) => (release = resolve));
    runTurn = async ({ turn }) => {
      if (turn === 1) await firstTurnHeld;
      return { commit: null, cancelled: false, ...usage };
    };
    const agent = await newAgent('Two turns');
    await startWorker();
    await expect.poll(async () => (await agentOf(agent.id)).status, { timeout: 10_000 }).toBe('running');
    await addFollowUp(database.db, await agentOf(agent.id), 'And one more thing');
    release();
    await expect.poll(async () => (await agentOf(agent.id)).status, { timeout: 10_000 }).toBe('completed');
    expect((await agentOf(agent.id)).turns).toBe(2);
  });

  it('stops at the next step when cancelled, and marks a failing turn failed with its error', async () => {
    runTurn = async ({ cancelRequested, agent }) => {
      if (agent.task_request === 'Fail') throw new Error('GitHub is unreachable');
      while (!(await cancelRequested())) await new Promise((resolve) => setTimeout(resolve, 20));
      return { commit: null, cancelled: true, ...usage };
    };
    const cancelled = await newAgent('Cancel me while running');
    const failing = await newAgent('Fail');
    await startWorker();
    await expect.poll(async () => (await agentOf(cancelled.id)).status, { timeout: 10_000 }).toBe('running');
    await requestCancel(database.db, await agentOf(cancelled.id));
    await expect.poll(async () => (await agentOf(cancelled.id)).status, { timeout: 10_000 }).toBe('cancelled');
    await expect.poll(async () => (await agentOf(failing.id)).status, { timeout: 10_000 }).toBe('failed');
    expect((await agentOf(failing.id)).last_error).toBe('GitHub is unreachable');
  });

  it('keeps agents over the per-user limit queued, visibly, until a slot frees', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    runTurn = async ({ agent }) => {
      if (agent.task_request === 'Hold the slot') await held;
      return { commit: null, cancelled: false, ...usage };
    };
    const first = await newAgent('Hold the slot');
    await startWorker(1);
    await expect.poll(async () => (await agentOf(first.id)).status, { timeout: 10_000 }).toBe('running');
    const second = await newAgent('Wait for a slot');
    await expect.poll(async () => eventTypes(second.id), { timeout: 10_000 }).toContain('waiting_for_slot');
    expect((await agentOf(second.id)).status).toBe('queued');
    release();
    await expect.poll(async () => (await agentOf(second.id)).status, { timeout: 15_000 }).toBe('completed');
  });

  it("releases the job of a worker that stopped reporting, so another worker resumes the agent", async () => {
    runTurn = async () => ({ commit: null, cancelled: false, ...usage });
    const agent = await newAgent('Orphaned');
    // A worker took the job, marked the agent running, then died without a trace.
    await sql`UPDATE graphile_worker._private_jobs SET locked_by = 'dead-worker', locked_at = now() WHERE key = ${`agent:${agent.id}`}`.execute(database.db);
    await database.db.updateTable('agents').set({ status: 'running', worker_last_activity: new Date(Date.now() - 120_000) }).where('id', '=', agent.id).execute();
    await startWorker();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await agentOf(agent.id)).status).toBe('running');
    expect(await releaseStaleAgents(database.db, 60_000)).toEqual([agent.id]);
    await expect.poll(async () => (await agentOf(agent.id)).status, { timeout: 10_000 }).toBe('completed');
    expect(await eventTypes(agent.id)).toContain('worker_lost');
  });
});
