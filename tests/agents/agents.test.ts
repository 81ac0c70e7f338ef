import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addFollowUp, requestCancel } from '@/lib/agents/control';
import { createAgent } from '@/lib/agents/create';
import { appendAgentEvent, deleteAgentForever, getOwnAgent, listAgents, moveAgentToTrash, restoreAgent, toAgentView } from '@/lib/agents/queries';
import { githubClientForUser } from '@/lib/github/client';
import { branchHead } from '@/lib/github/repos';
import type { GitHubClient } from '@/lib/github/octokit';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startTestGitHub, storeSignedInUser, type TestGitHub } from '../support/github';

let github: TestGitHub;
let database: TestDatabase;
const ids: Record<string, string> = {};
let alice: GitHubClient;

const signInAs = async (login: string) => (await storeSignedInUser(github, database.db, login)).id;

const jobs = async (agentId: string) =>
  (
    await sql<{ n: number }>`SELECT count(*)::int AS n FROM graphile_worker.jobs WHERE key = ${`agent:${agentId}`}`.execute(database.db)
  ).rows[0]!.n;

beforeAll(async () => {
  github = await startTestGitHub();
  database = await createTestDatabase();
  for (const login of ['alice', 'bob']) ids[login] = await signInAs(login);
  alice = githubClientForUser(database.db, ids.alice!);
});

afterAll(async () => {
  await database?.drop();
  await github?.close();
});

const newAgent = (taskRequest = 'Make the jump higher', branchPrefix?: string) =>
  createAgent(database.db, alice, ids.alice!, { owner: 'alice', repo: 'sample-game', baseBranch: 'main', taskRequest, branchPrefix });

describe('creating an agent', () => {
  it('names its branch, stores it queued with its task, and queues exactly one job; the branch is made by its first turn', async () => {
    const agent = await newAgent();
    expect(agent.status).toBe('queued');
    expect(agent.branch).toMatch(/^agent\/make-jump-higher-[0-9a-f]{8}$/);
    // Not on GitHub yet: the worker's first turn creates it (tests/agents/llm-turn.test.ts), so creating answers at once.
    expect(await branchHead(alice, 'alice', 'sample-game', agent.branch!)).toBeNull();
    const view = toAgentView(agent);
    expect(view.workspaceUrl).toBe(`/github/alice/sample-game/${encodeURIComponent(agent.branch!)}/code`);
    const messages = await database.db.selectFrom('agent_messages').select(['type', 'content']).where('agent_id', '=', agent.id).execute();
    expect(messages).toEqual([{ type: 'user', content: 'Make the jump higher' }]);
    expect(await jobs(agent.id)).toBe(1);
  });

  it('refuses a base branch that does not exist, and stores nothing: no agent, no job', async () => {
    const allJobs = async () => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM graphile_worker.jobs`.execute(database.db)).rows[0]!.n;
    const before = await listAgents(database.db, ids.alice!);
    const jobsBefore = await allJobs();
    await expect(
      createAgent(database.db, alice, ids.alice!, { owner: 'alice', repo: 'sample-game', baseBranch: 'no-such-base', taskRequest: 'Orphan' }),
    ).rejects.toMatchObject({ code: 'not_found', message: 'The base branch "no-such-base" does not exist in alice/sample-game.' });
    expect(await listAgents(database.db, ids.alice!)).toHaveLength(before.length);
    expect(await allJobs()).toBe(jobsBefore);
  });

  it('uses a custom branch prefix', async () => {
    const agent = await newAgent('Add sounds', 'feature/');
    expect(agent.branch).toMatch(/^feature\/add-sounds-[0-9a-f]{8}$/);
  });
});

describe("an agent is its owner's", () => {
  it('is a 404 for anyone else, and listed only for its owner', async () => {
    const agent = await newAgent('Private task');
    await expect(getOwnAgent(database.db, ids.bob!, agent.id)).rejects.toMatchObject({ code: 'not_found' });
    expect((await listAgents(database.db, ids.bob!)).map((a) => a.id)).not.toContain(agent.id);
    expect((await listAgents(database.db, ids.alice!, { query: 'private' })).map((a) => a.id)).toEqual([agent.id]);
    expect(await listAgents(database.db, ids.alice!, { query: '100%_' })).toEqual([]);
  });
});

describe('cancel, follow-up, trash', () => {
  it('cancels a queued agent at once and removes its job', async () => {
    const agent = await newAgent('Cancel me');
    await requestCancel(database.db, agent);
    const after = await getOwnAgent(database.db, ids.alice!, agent.id);
    expect(after.status).toBe('cancelled');
    expect(await jobs(agent.id)).toBe(0);
    await expect(requestCancel(database.db, after)).rejects.toMatchObject({ code: 'conflict' });
  });

  it('asks a running agent to stop at its next step', async () => {
    const agent = await newAgent('Running');
    await database.db.updateTable('agents').set({ status: 'running' }).where('id', '=', agent.id).execute();
    await requestCancel(database.db, await getOwnAgent(database.db, ids.alice!, agent.id));
    const after = await getOwnAgent(database.db, ids.alice!, agent.id);
    expect(after.status).toBe('running');
    expect(after.cancel_requested_at).not.toBeNull();
  });

  it("a stop and the worker's step event at the same moment both land, with no deadlock", async () => {
    const agent = await newAgent('Stopped mid-step');
    await database.db.updateTable('agents').set({ status: 'running' }).where('id', '=', agent.id).execute();
    const running = await getOwnAgent(database.db, ids.alice!, agent.id);
    const waitingForTheLog = async () =>
      (
        await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_locks
          WHERE NOT granted AND locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`.execute(database.db)
      ).rows[0]!.n;
    let stop: Promise<void> | undefined;
    // The worker's event insert takes the agent's log lock (its sequencing trigger), then checks the agent row
    // (the foreign key). A stop holds the row while it waits for the log: its row lock must not block that check.
    await database.db.transaction().execute(async (step) => {
      await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`agent_events:${agent.id}`}, 0))`.execute(step);
      stop = requestCancel(database.db, running);
      await expect.poll(waitingForTheLog).toBe(1);
      await appendAgentEvent(step, agent.id, 'tool_use', { tool: 'read_file' });
    });
    await stop;
    const events = await database.db.selectFrom('agent_events').select('event_type').where('agent_id', '=', agent.id).orderBy('id').execute();
    expect(events.map((event) => event.event_type).slice(-2)).toEqual(['tool_use', 'cancel_requested']);
  });

  it('queues a follow-up turn on a finished agent, on the same branch', async () => {
    const agent = await newAgent('Follow me');
    await requestCancel(database.db, agent);
    await addFollowUp(database.db, await getOwnAgent(database.db, ids.alice!, agent.id), 'Now do it properly');
    const after = await getOwnAgent(database.db, ids.alice!, agent.id);
    expect(after.status).toBe('queued');
    expect(after.branch).toBe(agent.branch);
    expect(await jobs(agent.id)).toBe(1);
  });

  it('moves finished agents to the trash, restores them, and deletes forever only from the trash', async () => {
    const agent = await newAgent('Trash me');
    await expect(moveAgentToTrash(database.db, agent)).rejects.toMatchObject({ code: 'conflict' });
    await requestCancel(database.db, agent);
    const cancelled = await getOwnAgent(database.db, ids.alice!, agent.id);
    await expect(deleteAgentForever(database.db, cancelled)).rejects.toMatchObject({ code: 'conflict' });
    await moveAgentToTrash(database.db, cancelled);
    expect((await listAgents(database.db, ids.alice!)).map((a) => a.id)).not.toContain(agent.id);
    expect((await listAgents(database.db, ids.alice!, { trash: true })).map((a) => a.id)).toContain(agent.id);
    await restoreAgent(database.db, cancelled);
    expect((await listAgents(database.db, ids.alice!)).map((a) => a.id)).toContain(agent.id);
    await moveAgentToTrash(database.db, cancelled);
    await deleteAgentForever(database.db, await getOwnAgent(database.db, ids.alice!, agent.id));
    await expect(getOwnAgent(database.db, ids.alice!, agent.id)).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('agents migrated from legacy sessions', () => {
  it("become their GitHub owner's on sign-in, with their history", async () => {
    await database.db
      .insertInto('agents')
      .values({ id: 'sess-legacy-1', user_id: '1002', task_request: 'Old task', status: 'completed', repository_owner: 'alice', repository_name: 'sample-game' })
      .execute();
    await database.db.insertInto('agent_messages').values({ agent_id: 'sess-legacy-1', type: 'user', content: 'Old task', images: null }).execute();
    const bobId = await signInAs('bob');
    const agents = await listAgents(database.db, bobId);
    expect(agents.map((agent) => agent.id)).toContain('sess-legacy-1');
  });
});
