import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attemptGroupAgents, chooseAttempt, compareAttempts, startAttempts } from '@/lib/agents/attempts';
import { addFollowUp } from '@/lib/agents/control';
import { createAgent } from '@/lib/agents/create';
import { appendAgentEvent, getOwnAgent } from '@/lib/agents/queries';
import { markAgentSeen, unseenAgents } from '@/lib/agents/unseen';
import { githubClientForUser } from '@/lib/github/client';
import type { GitHubClient } from '@/lib/github/octokit';
import { branchHead, createBranch } from '@/lib/github/repos';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startTestGitHub, storeSignedInUser, type TestGitHub } from '../support/github';

let github: TestGitHub;
let database: TestDatabase;
const ids: Record<string, string> = {};
let alice: GitHubClient;

const task = { owner: 'alice', repo: 'sample-game', baseBranch: 'main' };
const counts = async () => {
  const agents = await database.db.selectFrom('agents').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  const jobs = await sql<{ n: number }>`SELECT count(*)::int AS n FROM graphile_worker.jobs`.execute(database.db);
  return { agents: agents.n, jobs: jobs.rows[0]!.n };
};
const setStatus = (agentId: string, status: 'running' | 'completed' | 'failed' | 'waiting' | 'queued') =>
  database.db.updateTable('agents').set({ status }).where('id', '=', agentId).execute();

beforeAll(async () => {
  github = await startTestGitHub();
  database = await createTestDatabase();
  for (const login of ['alice', 'bob']) ids[login] = (await storeSignedInUser(github, database.db, login)).id;
  alice = githubClientForUser(database.db, ids.alice!);
});

afterAll(async () => {
  await database?.drop();
  await github?.close();
});

describe('several attempts', () => {
  it('starts one agent per attempt, each on its own branch, all from the same base commit, each with its job', async () => {
    const before = await counts();
    const { group, agents } = await startAttempts(database.db, alice, ids.alice!, { ...task, taskRequest: 'Make the jump higher' }, 3, 3);
    const head = await branchHead(alice, 'alice', 'sample-game', 'main');
    expect(agents.map((agent) => [agent.attempt_group, agent.attempt_index, agent.base_sha]).sort()).toEqual([
      [group, 1, head],
      [group, 2, head],
      [group, 3, head],
    ]);
    expect(new Set(agents.map((agent) => agent.branch)).size).toBe(3);
    expect(await counts()).toEqual({ agents: before.agents + 3, jobs: before.jobs + 3 });
    expect((await attemptGroupAgents(database.db, ids.alice!, group)).map((agent) => agent.attempt_index)).toEqual([1, 2, 3]);
    // Someone else's group is as missing as one that does not exist.
    await expect(attemptGroupAgents(database.db, ids.bob!, group)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('refuses more attempts than the running limit, and a base that does not exist, before storing anything', async () => {
    const before = await counts();
    await expect(startAttempts(database.db, alice, ids.alice!, { ...task, taskRequest: 'Too many' }, 4, 3)).rejects.toMatchObject({
      code: 'unprocessable',
      message: 'You can run 3 agents at once, so at most 3 attempts; choose fewer.',
    });
    await expect(startAttempts(database.db, alice, ids.alice!, { ...task, baseBranch: 'no-such-base', taskRequest: 'Nowhere' }, 2, 3)).rejects.toMatchObject({
      code: 'not_found',
    });
    expect(await counts()).toEqual(before);
  });

  it('branches an attempt from the shared base commit even after the base moved', async () => {
    const { agents } = await startAttempts(database.db, alice, ids.alice!, { ...task, taskRequest: 'Pinned base' }, 2, 3);
    const first = agents.find((agent) => agent.attempt_index === 1)!;
    await alice.rest.repos.createOrUpdateFileContents({ owner: 'alice', repo: 'sample-game', path: `moved-${first.id}.txt`, message: 'Move main', content: 'bW92ZWQ=', branch: 'main' });
    await createBranch(alice, { owner: 'alice', repo: 'sample-game', baseBranch: 'main', newBranch: first.branch!, baseSha: first.base_sha });
    expect(await branchHead(alice, 'alice', 'sample-game', first.branch!)).toBe(first.base_sha);
    expect(await branchHead(alice, 'alice', 'sample-game', 'main')).not.toBe(first.base_sha);
  });

  it('compares the attempts (files, lines, tests) and "use this one" opens its pull request and trashes the others', async () => {
    const { group, agents } = await startAttempts(database.db, alice, ids.alice!, { ...task, taskRequest: 'Choose me' }, 3, 3);
    const [one, two, three] = [...agents].sort((a, b) => a.attempt_index! - b.attempt_index!);
    for (const agent of [one!, two!]) {
      await createBranch(alice, { owner: 'alice', repo: 'sample-game', baseBranch: 'main', newBranch: agent.branch!, baseSha: agent.base_sha });
    }
    await alice.rest.repos.createOrUpdateFileContents({
      owner: 'alice',
      repo: 'sample-game',
      path: 'CHOSEN.md',
      message: 'Attempt two',
      content: Buffer.from('one\ntwo\n').toString('base64'),
      branch: two!.branch!,
    });
    await appendAgentEvent(database.db, two!.id, 'tool_result', {
      id: 'toolu_1',
      output: '# fail 0',
      command: { command: 'node --test', cwd: '', exitCode: 0, durationMs: 10, limit: null, limitMessage: null, cancelled: false, outputBytes: 8, changes: {}, isTest: true },
    });
    await setStatus(one!.id, 'completed');
    await setStatus(two!.id, 'completed');
    await setStatus(three!.id, 'running');

    const compared = await compareAttempts(database.db, alice, await attemptGroupAgents(database.db, ids.alice!, group));
    expect(compared.map((attempt) => [attempt.agent.attemptIndex, attempt.filesChanged, attempt.additions, attempt.testRun?.exitCode ?? null, attempt.usable])).toEqual([
      [1, 0, 0, null, false],
      [2, 1, 2, 0, true],
      [3, 0, 0, null, false],
    ]);
    expect(compared[2]!.branch.state).toBe('missing');

    const groupAgents = await attemptGroupAgents(database.db, ids.alice!, group);
    await expect(chooseAttempt(database.db, alice, groupAgents, three!.id, 'http://app/agents/x')).rejects.toMatchObject({ code: 'conflict' });
    const result = await chooseAttempt(database.db, alice, groupAgents, two!.id, `http://app/agents/${two!.id}`);
    expect(result.trashed.sort()).toEqual([one!.id, three!.id].sort());
    const pull = await alice.rest.pulls.get({ owner: 'alice', repo: 'sample-game', pull_number: result.pullRequest.number });
    expect(pull.data.head.ref).toBe(two!.branch);
    const after = await Promise.all([one!, two!, three!].map((agent) => getOwnAgent(database.db, ids.alice!, agent.id)));
    expect(after.map((agent) => [agent.deleted_at !== null, agent.pr_number])).toEqual([
      [true, null],
      [false, result.pullRequest.number],
      [true, null],
    ]);
    // The running one was asked to stop; the worker ends it at its next step.
    expect(after[2]!.cancel_requested_at).not.toBeNull();
    const remaining = await attemptGroupAgents(database.db, ids.alice!, group);
    expect(remaining.map((agent) => agent.id)).toEqual([two!.id]);
    // Choosing again (a retry after a failure half-way) opens no second pull request.
    expect(await chooseAttempt(database.db, alice, remaining, two!.id, 'http://app')).toEqual({ pullRequest: result.pullRequest, trashed: [] });
  });
});

describe('agents that need their owner', () => {
  it('counts an agent from the moment it finishes, fails or waits until its owner looks at it or it runs again', async () => {
    const agent = await createAgent(database.db, alice, ids.alice!, { ...task, taskRequest: 'Notify me' });
    expect(await unseenAgents(database.db, ids.alice!)).not.toHaveProperty(agent.id);
    await setStatus(agent.id, 'running');
    expect(await unseenAgents(database.db, ids.alice!)).not.toHaveProperty(agent.id);
    for (const status of ['completed', 'failed', 'waiting'] as const) {
      await setStatus(agent.id, 'running');
      await setStatus(agent.id, status);
      expect(await unseenAgents(database.db, ids.alice!), status).toHaveProperty(agent.id);
    }
    // Someone else looking changes nothing.
    await markAgentSeen(database.db, ids.bob!, agent.id);
    expect(await unseenAgents(database.db, ids.alice!)).toHaveProperty(agent.id);
    await markAgentSeen(database.db, ids.alice!, agent.id);
    expect(await unseenAgents(database.db, ids.alice!)).not.toHaveProperty(agent.id);

    // Finished again and not looked at, then a follow-up sets it running: nothing to see any more.
    await setStatus(agent.id, 'completed');
    expect(await unseenAgents(database.db, ids.alice!)).toHaveProperty(agent.id);
    await addFollowUp(database.db, await getOwnAgent(database.db, ids.alice!, agent.id), 'And more');
    expect(await unseenAgents(database.db, ids.alice!)).not.toHaveProperty(agent.id);
  });

  it('does not count agents in the trash, and looking does not reorder the list (updated_at stays)', async () => {
    const agent = await createAgent(database.db, alice, ids.alice!, { ...task, taskRequest: 'Trash me' });
    await setStatus(agent.id, 'completed');
    const { updated_at: before } = await getOwnAgent(database.db, ids.alice!, agent.id);
    await markAgentSeen(database.db, ids.alice!, agent.id);
    expect((await getOwnAgent(database.db, ids.alice!, agent.id)).updated_at).toEqual(before);
    await setStatus(agent.id, 'failed');
    await database.db.updateTable('agents').set({ deleted_at: new Date() }).where('id', '=', agent.id).execute();
    expect(await unseenAgents(database.db, ids.alice!)).not.toHaveProperty(agent.id);
  });
});
