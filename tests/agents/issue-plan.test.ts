import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgent } from '@/lib/agents/create';
import { resolveNewAgent } from '@/lib/agents/from-issue';
import { approvePlan } from '@/lib/agents/plan';
import { openAgentPullRequest } from '@/lib/agents/pull-request';
import { getOwnAgent, toAgentView } from '@/lib/agents/queries';
import { startAgentWorker } from '@/lib/agents/worker';
import { AppError } from '@/lib/errors';
import { githubClientForUser } from '@/lib/github/client';
import type { GitHubClient } from '@/lib/github/octokit';
import { startTestAnthropic, type TestAnthropic } from '../support/anthropic';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startTestGitHub, storeSignedInUser, type TestGitHub } from '../support/github';

/** Agents from a GitHub issue and plan-first agents, with the worker, the GitHub and Anthropic emulators and real PostgreSQL. */
let github: TestGitHub;
let anthropic: TestAnthropic;
let database: TestDatabase;
let alice: { id: string; client: GitHubClient };
let bobId: string;
let worker: Awaited<ReturnType<typeof startAgentWorker>>;
const repo = { owner: 'alice', repo: 'sample-game', baseBranch: 'main' };

beforeAll(async () => {
  github = await startTestGitHub();
  anthropic = await startTestAnthropic();
  database = await createTestDatabase();
  const aliceId = (await storeSignedInUser(github, database.db, 'alice')).id;
  alice = { id: aliceId, client: githubClientForUser(database.db, aliceId) };
  bobId = (await storeSignedInUser(github, database.db, 'bob')).id;
  const { llmTurnRunner } = await import('@/lib/agents/turn');
  worker = await startAgentWorker({ connectionString: database.url, db: database.db, runTurn: llmTurnRunner('http://webedt.test'), pollIntervalMs: 50 });
});

afterAll(async () => {
  await worker?.stop();
  await database?.drop();
  await anthropic?.close();
  await github?.close();
});

const agentOf = (id: string) => getOwnAgent(database.db, alice.id, id);
async function statusOnceSettled(id: string, settled: string[]): Promise<string> {
  await expect.poll(async () => settled.includes((await agentOf(id)).status), { timeout: 20_000 }).toBe(true);
  const agent = await agentOf(id);
  return agent.status === 'failed' ? `failed: ${agent.last_error}` : agent.status;
}
const agentCount = async () => (await database.db.selectFrom('agents').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
const fileOnBranch = async (path: string, ref: string) => {
  const { data } = await alice.client.rest.repos.getContent({ owner: 'alice', repo: 'sample-game', path, ref });
  return Buffer.from((data as { content: string }).content, 'base64').toString();
};
const rejection = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => null,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
};

describe('an agent from a GitHub issue', () => {
  it("works on the issue's title, body and comments, shows the issue, and its pull request says Fixes #N", async () => {
    const request = await resolveNewAgent(alice.client, { ...repo, issueNumber: 1, taskRequest: 'Use a table. [scenario:write-file]' });
    expect(request.issue).toEqual({ number: 1, title: 'Document the keyboard controls' });
    expect(request.taskRequest).toMatch(/^Resolve issue #1: Document the keyboard controls/);
    expect(request.taskRequest).toContain('New players do not know which keys move');
    expect(request.taskRequest).toContain('@alice: Please keep it to one table: key and action.');
    expect(request.taskRequest).toContain('Instructions: Use a table. [scenario:write-file]');

    const agent = await createAgent(database.db, alice.client, alice.id, request);
    expect(toAgentView(agent).issue).toEqual({ number: 1, title: 'Document the keyboard controls', url: expect.stringMatching(/\/alice\/sample-game\/issues\/1$/) });
    expect(await statusOnceSettled(agent.id, ['completed', 'failed'])).toBe('completed');
    const pr = await openAgentPullRequest(database.db, alice.client, await agentOf(agent.id), `http://webedt.test/agents/${agent.id}`);
    const { data: pull } = await alice.client.rest.pulls.get({ owner: 'alice', repo: 'sample-game', pull_number: pr.number });
    expect(pull.body).toMatch(/^Fixes #1\n/);
  });

  it('refuses an issue that does not exist, a pull request and a closed issue with a 4xx, and creates nothing', async () => {
    const before = await agentCount();
    const missing = await rejection(resolveNewAgent(alice.client, { ...repo, issueNumber: 999 }));
    expect([missing.status, missing.message]).toEqual([404, 'Issue #999 does not exist in alice/sample-game.']);
    const { data: pulls } = await alice.client.rest.pulls.list({ owner: 'alice', repo: 'sample-game', state: 'all' });
    const pull = await rejection(resolveNewAgent(alice.client, { ...repo, issueNumber: pulls[0]!.number }));
    expect([pull.status, pull.message]).toEqual([422, `#${pulls[0]!.number} in alice/sample-game is a pull request, not an issue.`]);
    const closed = await rejection(resolveNewAgent(alice.client, { ...repo, issueNumber: 3 }));
    expect(closed.status).toBe(422);
    expect(await agentCount()).toBe(before);
  });
});

describe('a plan-first agent', () => {
  it('plans with read tools only, waits, and after approval works from the edited plan', async () => {
    await anthropic.control.clearRequests();
    const agent = await createAgent(database.db, alice.client, alice.id, {
      ...repo,
      taskRequest: 'Document the controls [scenario:plan-controls]',
      planFirst: true,
    });
    expect(await statusOnceSettled(agent.id, ['waiting', 'completed', 'failed'])).toBe('waiting');
    const waiting = await agentOf(agent.id);
    expect(waiting.plan).toContain('docs/CONTROLS.md');
    expect(toAgentView(waiting)).toMatchObject({ planFirst: true, planApproved: false });
    const planningCalls = (await anthropic.control.requests()).requests.map((r) => r.body as { tools?: Array<{ name: string }> });
    expect(planningCalls.length).toBeGreaterThan(0);
    for (const call of planningCalls) expect(call.tools?.map((t) => t.name)).toEqual(['list_files', 'read_file', 'search']);
    // Planning changed nothing: the branch is still at main's head.
    const { data: compare } = await alice.client.rest.repos.compareCommitsWithBasehead({ owner: 'alice', repo: 'sample-game', basehead: `main...${waiting.branch}` });
    expect(compare.ahead_by).toBe(0);

    // Someone else cannot reach the agent to approve it (the route looks it up as theirs: 404).
    const other = await rejection(getOwnAgent(database.db, bobId, agent.id));
    expect(other.status).toBe(404);
    expect((await agentOf(agent.id)).status).toBe('waiting');

    await approvePlan(database.db, waiting, `${waiting.plan}\n3. Mention the pause key (Escape).`);
    expect(await statusOnceSettled(agent.id, ['completed', 'failed'])).toBe('completed');
    expect(await fileOnBranch('docs/CONTROLS.md', waiting.branch!)).toContain('| Escape | Pause |');
    const done = await agentOf(agent.id);
    expect(done.plan).toContain('Mention the pause key');
    expect(toAgentView(done).planApproved).toBe(true);

    const again = await rejection(approvePlan(database.db, done, 'Another plan'));
    expect(again.status).toBe(409);
  });

  it('refuses to approve an agent that is not waiting (409) and starts nothing', async () => {
    const agent = await createAgent(database.db, alice.client, alice.id, { ...repo, taskRequest: 'Plan this [scenario:plan-controls]', planFirst: true });
    // Queued, before its planning turn: no plan to approve yet.
    const early = await rejection(approvePlan(database.db, agent, 'My own plan'));
    expect(early.status).toBe(409);
    expect(await statusOnceSettled(agent.id, ['waiting', 'failed'])).toBe('waiting');

    const plain = await createAgent(database.db, alice.client, alice.id, { ...repo, taskRequest: 'Just answer [scenario:plain-text]' });
    expect(await statusOnceSettled(plain.id, ['completed', 'failed'])).toBe('completed');
    const messagesBefore = await database.db.selectFrom('agent_messages').select('id').where('agent_id', '=', plain.id).execute();
    const notPlanFirst = await rejection(approvePlan(database.db, await agentOf(plain.id), 'A plan'));
    expect(notPlanFirst.status).toBe(409);
    expect((await agentOf(plain.id)).status).toBe('completed');
    expect(await database.db.selectFrom('agent_messages').select('id').where('agent_id', '=', plain.id).execute()).toEqual(messagesBefore);
  });
});
