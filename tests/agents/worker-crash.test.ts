import { type ChildProcess, spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgent } from '@/lib/agents/create';
import { getOwnAgent } from '@/lib/agents/queries';
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
const workers: ChildProcess[] = [];

/** `npm run worker` as its own process group, so it can be killed outright like a crashed machine. */
function startWorkerProcess(): ChildProcess {
  const child = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'scripts/worker.ts'], {
    env: { ...process.env, DATABASE_URL: database.url, AGENT_STALE_AFTER_SECONDS: '2' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  workers.push(child);
  return child;
}

function kill(child: ChildProcess): void {
  try {
    if (child.pid) process.kill(-child.pid, 'SIGKILL');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

beforeAll(async () => {
  github = await startTestGitHub();
  anthropic = await startTestAnthropic();
  database = await createTestDatabase();
  userId = (await storeSignedInUser(github, database.db, 'alice')).id;
  client = githubClientForUser(database.db, userId);
});

afterAll(async () => {
  workers.forEach(kill);
  await database?.drop();
  await anthropic?.close();
  await github?.close();
});

describe('a worker process killed mid-run', () => {
  it('leaves the agent to another worker: it completes, with exactly one commit for the turn', async () => {
    const agent = await createAgent(database.db, client, userId, {
      owner: 'alice',
      repo: 'sample-game',
      baseBranch: 'main',
      taskRequest: 'Retitle slowly [scenario:slow-edit]',
    });
    const base = (await client.rest.repos.listCommits({ owner: 'alice', repo: 'sample-game', sha: 'main' })).data.length;
    const first = startWorkerProcess();
    const agentOf = () => getOwnAgent(database.db, userId, agent.id);
    // Killed while the model is still answering (the slow scenario streams for seconds).
    const streamed = async () =>
      (await database.db.selectFrom('agent_events').select('id').where('agent_id', '=', agent.id).where('event_type', '=', 'text_delta').execute())
        .length;
    await expect.poll(streamed, { timeout: 20_000 }).toBeGreaterThan(0);
    kill(first);
    expect((await agentOf()).status).toBe('running');

    startWorkerProcess();
    await expect.poll(async () => (await agentOf()).status, { timeout: 40_000, interval: 250 }).toBe('completed');
    const commits = (await client.rest.repos.listCommits({ owner: 'alice', repo: 'sample-game', sha: agent.branch! })).data;
    expect(commits).toHaveLength(base + 1);
    expect(commits[0]!.commit.message).toContain(`WebEDT-Agent-Turn: ${agent.id}#1`);
    const types = (await database.db.selectFrom('agent_events').select('event_type').where('agent_id', '=', agent.id).execute()).map((e) => e.event_type);
    expect(types).toContain('worker_lost');
    expect(types.filter((t) => t === 'commit')).toHaveLength(1);
  }, 70_000);
});
