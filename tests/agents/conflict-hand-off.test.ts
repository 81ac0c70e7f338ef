import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addFollowUp } from '@/lib/agents/control';
import { createAgent } from '@/lib/agents/create';
import { githubClientForUser } from '@/lib/github/client';
import type { GitHubClient } from '@/lib/github/octokit';
import { createBranch } from '@/lib/github/repos';
import { commitToBranch } from '@/lib/workspace/commit';
import { startTestAnthropic, type TestAnthropic } from '../support/anthropic';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startTestGitHub, storeSignedInUser, type TestGitHub } from '../support/github';

/**
 * An agent working on a branch people commit to: a person's commit to the same file while the agent works
 * is a true conflict, handed to the agent as the answer to its commit; it resolves it and commits on top,
 * and nothing of the person's commit is lost (checked in the forge's history).
 */
let github: TestGitHub;
let anthropic: TestAnthropic;
let database: TestDatabase;
const ids: Record<string, string> = {};
const clients: Record<string, GitHubClient> = {};
const repoOf = { owner: 'alice', repo: 'sample-game' };

beforeAll(async () => {
  github = await startTestGitHub();
  anthropic = await startTestAnthropic();
  database = await createTestDatabase();
  for (const login of ['alice', 'bob']) {
    ids[login] = (await storeSignedInUser(github, database.db, login)).id;
    clients[login] = githubClientForUser(database.db, ids[login]!);
  }
});

afterAll(async () => {
  await database?.drop();
  await anthropic?.close();
  await github?.close();
});

async function readme(ref: string): Promise<{ text: string; head: string }> {
  const { data } = await clients.bob!.rest.repos.getContent({ ...repoOf, path: 'README.md', ref });
  const head = (await clients.bob!.rest.repos.getBranch({ ...repoOf, branch: ref })).data.commit.sha;
  return { text: Buffer.from((data as { content: string }).content, 'base64').toString(), head };
}

/**
 * Runs one turn of an agent on a new shared branch with `scenario`; Bob commits a new title to README.md
 * as soon as the agent's first tool call is answered, while the agent is still at work on its snapshot.
 */
async function turnAgainstBob(branch: string, scenario: string) {
  await anthropic.control.timing(0);
  await anthropic.control.clearRequests();
  await createBranch(clients.alice!, { ...repoOf, baseBranch: 'main', newBranch: branch });
  const agent = await createAgent(database.db, clients.alice!, ids.alice!, {
    ...repoOf,
    baseBranch: branch,
    branch,
    taskRequest: `Make the README friendlier [scenario:${scenario}]`,
  });
  expect(agent.branch).toBe(branch);

  let bobsCommit: string | null = null;
  const events: Array<{ type: string; data?: Record<string, unknown> }> = [];
  const { llmTurnRunner } = await import('@/lib/agents/turn');
  const outcome = await llmTurnRunner('http://webedt.test')({
    db: database.db,
    agent,
    turn: 1,
    signal: new AbortController().signal,
    cancelRequested: async () => false,
    emit: async (type, data) => {
      events.push({ type, data });
      if (type === 'tool_result' && !bobsCommit) {
        const before = await readme(branch);
        const committed = await commitToBranch(database.db, clients.bob!, ids.bob!, {
          ...repoOf,
          branch,
          expectedHeadSha: before.head,
          changes: [{ path: 'README.md', content: before.text.replace('# Sample Game', '# Sample Game, by Bob') }],
          message: "Bob's title",
          page: 'code',
        });
        if (committed.status !== 'committed') throw new Error('bob could not commit');
        bobsCommit = committed.sha;
      }
    },
  });
  return { agent, outcome, events, bobsCommit: bobsCommit as string | null };
}

describe('a commit conflict handed to the agent', () => {
  it("is resolved by the agent, which commits on top of the person's commit, keeping it", async () => {
    const branch = `shared-${process.pid}`;
    const { agent, outcome, events, bobsCommit } = await turnAgainstBob(branch, 'agent-conflict');

    expect(bobsCommit).not.toBeNull();
    const conflict = events.find((event) => event.type === 'conflict');
    expect(conflict?.data).toMatchObject({ headSha: bobsCommit, paths: ['README.md'] });
    // What the agent was told is the answer to its commit: both versions of the file.
    const { requests } = await anthropic.control.requests();
    const handedOff = JSON.stringify(requests.at(-2)?.body);
    expect(handedOff).toContain('Commit refused: conflict');
    expect(handedOff).toContain('# Sample Game, by Bob');

    expect(outcome.commit).not.toBeNull();
    const { data: history } = await clients.bob!.rest.repos.listCommits({ ...repoOf, sha: branch, per_page: 5 });
    expect(history[0]!.sha).toBe(outcome.commit!.sha);
    expect(history[0]!.commit.message).toContain(`WebEDT-Agent-Turn: ${agent.id}#1`);
    expect(history[0]!.parents.map((parent) => parent.sha)).toEqual([bobsCommit]);
    const after = await readme(branch);
    expect(after.text).toContain('# Sample Game, by Bob');
    expect(after.text).toContain('A tiny, friendly platformer used as');

    // The branch's feed: Bob's commit, then the agent's on top; the agent has left the branch's presence.
    const feed = await database.db.selectFrom('workspace_events').select(['event_type', 'user_id', 'payload']).where('branch', '=', branch).orderBy('id').execute();
    const commits = feed.filter((event) => event.event_type === 'commit');
    expect(commits.map((event) => [event.user_id, event.payload.sha])).toEqual([
      [ids.bob, bobsCommit],
      [ids.alice, outcome.commit!.sha],
    ]);
    expect(await database.db.selectFrom('branch_participants').selectAll().execute()).toEqual([]);
  });

  it('is resolved with the sandboxed run_command offered too: the agent runs the tests on the result before committing', async () => {
    const branch = `shared-tests-${process.pid}`;
    const { outcome, events, bobsCommit } = await turnAgainstBob(branch, 'agent-conflict-tests');
    expect(events.find((event) => event.type === 'conflict')?.data).toMatchObject({ headSha: bobsCommit, paths: ['README.md'] });

    // Every model call of the run resolving the conflict offers run_command (the emulator would otherwise
    // answer in words that the tool is not offered, and no command would run).
    const { requests } = await anthropic.control.requests();
    const resolving = requests.filter((request) => JSON.stringify(request.body).includes('Commit refused: conflict'));
    expect(resolving).toHaveLength(3);
    for (const request of resolving) expect((request.body as { tools: Array<{ name: string }> }).tools.map((tool) => tool.name)).toContain('run_command');

    // The command ran in the sandbox on the branch's new head with the resolution applied, and passed.
    const ran = events.filter((event) => event.type === 'tool_result' && event.data?.command);
    expect(ran).toHaveLength(1);
    expect(ran[0]!.data).toMatchObject({ isError: false, command: { command: 'node --test', exitCode: 0 } });
    expect(ran[0]!.data!.output).toContain('# fail 0');

    expect(outcome.commit).not.toBeNull();
    const { data: history } = await clients.bob!.rest.repos.listCommits({ ...repoOf, sha: branch, per_page: 5 });
    expect(history[0]!.parents.map((parent) => parent.sha)).toEqual([bobsCommit]);
    expect(history[0]!.commit.message).toContain('the tests pass');
    const after = await readme(branch);
    expect(after.text).toContain('# Sample Game, by Bob');
    expect(after.text).toContain('A tiny, friendly platformer used as');
  });

  it("puts a follow-up sent from the panel during a turn after that turn's answer, for the next turn", async () => {
    const branch = `follow-up-${process.pid}`;
    await createBranch(clients.alice!, { ...repoOf, baseBranch: 'main', newBranch: branch });
    const agent = await createAgent(database.db, clients.alice!, ids.alice!, { ...repoOf, baseBranch: branch, branch, taskRequest: 'Say hello [scenario:plain-text]' });
    const { llmTurnRunner } = await import('@/lib/agents/turn');
    let followedUp = false;
    const run = (turn: number) =>
      llmTurnRunner('http://webedt.test')({
        db: database.db,
        agent,
        turn,
        signal: new AbortController().signal,
        cancelRequested: async () => false,
        emit: async (type) => {
          if (type === 'text_delta' && !followedUp) {
            followedUp = true;
            await addFollowUp(database.db, agent, 'Now say goodbye');
          }
        },
      });
    await run(1);
    expect(followedUp).toBe(true);
    await anthropic.control.clearRequests();
    await run(2);
    const { requests } = await anthropic.control.requests();
    const { messages } = requests.at(-1)!.body as { messages: Array<{ role: string; content: unknown }> };
    expect(messages.map((message) => message.role)).toEqual(['user', 'assistant', 'user']);
    expect(messages[2]!.content).toBe('Now say goodbye');
  });
});
