import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GitHubEmulatorControl } from '@/emulators/github/control';
import { AppError } from '@/lib/errors';
import { commitChanges, type CommitResult } from '@/lib/github/commits';
import { createOctokit, type GitHubClient } from '@/lib/github/octokit';
import { branchHead, createBranch } from '@/lib/github/repos';
import { startTestGitHub, type TestGitHub } from '../support/github';

/**
 * Fault drills on the one write path to GitHub (`commitChanges`: tree → commit → ref): many writers on
 * one branch at once, and GitHub failing in the middle of a commit. Whatever happens, the branch head is
 * either a complete commit with every change or where it was, and the repository stays sound (`git fsck`).
 */
let github: TestGitHub;
let control: GitHubEmulatorControl;
let gitDir: string;

const owner = 'alice';
const repo = 'sample-game';
const git = (...args: string[]) => execFileSync('git', ['--git-dir', gitDir, ...args], { encoding: 'utf8' }).trim();

/** A client as the app builds one for a user; retries back off in milliseconds here, not seconds. */
const clientFor = async (login: string, cacheKey: string, options: { onUnauthorized?: (token: string) => Promise<string> } = {}) =>
  createOctokit({ token: (await github.signIn(login)).access_token, cacheKey, retryBaseMs: 5, ...options });

async function freshBranch(client: GitHubClient): Promise<{ branch: string; head: string }> {
  const branch = `drill/${randomBytes(4).toString('hex')}`;
  const { sha } = await createBranch(client, { owner, repo, baseBranch: 'main', newBranch: branch });
  return { branch, head: sha };
}

/** Every file on the branch head with its content. */
function filesAt(branch: string, folder: string): Record<string, string> {
  const names = git('ls-tree', '-r', '--name-only', `refs/heads/${branch}`, '--', folder).split('\n').filter(Boolean);
  return Object.fromEntries(names.map((name) => [name, git('show', `refs/heads/${branch}:${name}`)]));
}

function expectSoundRepository() {
  // --strict also checks tree entry ordering and modes; any dangling object is fine (a commit nobody took).
  expect(() => git('fsck', '--strict', '--no-dangling')).not.toThrow();
}

beforeAll(async () => {
  github = await startTestGitHub();
  control = new GitHubEmulatorControl(github.url);
  gitDir = path.join(github.dataDir, 'repos', owner, `${repo}.git`);
});

afterEach(async () => {
  await control.reset();
});

afterAll(async () => {
  await github?.close();
});

describe('ten committers on one branch at once', () => {
  it('loses no update: every commit lands whole, one after another, and git fsck is clean', { timeout: 120_000 }, async () => {
    // alice and bob both write to the repository; ten clients (each its own write queue) share their tokens.
    const clients = await Promise.all(Array.from({ length: 10 }, (_, i) => clientFor(i % 2 ? 'bob' : 'alice', `committer-${i}`)));
    const { branch, head } = await freshBranch(clients[0]!);

    const commitOne = async (client: GitHubClient, i: number): Promise<CommitResult & { status: 'committed' }> => {
      const request = {
        owner,
        repo,
        branch,
        expectedHeadSha: head,
        message: `committer ${i}`,
        changes: [{ path: `drill/file-${i}.txt`, content: `written by committer ${i}\n` }],
      };
      // The branch may keep moving past one client's attempts; it is told so and tries again, as a person would.
      for (;;) {
        try {
          const result = await commitChanges(client, request);
          if (result.status !== 'committed') throw new Error(`committer ${i}: unexpected ${JSON.stringify(result)}`);
          return result;
        } catch (error) {
          if (!(error instanceof AppError && error.code === 'conflict')) throw error;
        }
      }
    };
    const results = await Promise.all(clients.map(commitOne));

    expect(filesAt(branch, 'drill')).toEqual(
      Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`drill/file-${i}.txt`, `written by committer ${i}`])),
    );
    // Ten commits in a line on top of the old head, each holding exactly its own file.
    const history = git('rev-list', '--first-parent', `${head}..refs/heads/${branch}`).split('\n');
    expect(history).toHaveLength(10);
    expect(new Set(history)).toEqual(new Set(results.map((result) => result.sha)));
    expect(git('rev-list', '--merges', `${head}..refs/heads/${branch}`)).toBe('');
    for (const [i, result] of results.entries()) {
      expect(git('diff', '--name-only', result.parentSha, result.sha)).toBe(`drill/file-${i}.txt`);
    }
    expectSoundRepository();
  });
});

describe('GitHub failing in the middle of a commit', () => {
  /** Statuses GitHub answered on the paths matching the pattern, in order (the log is cleared after each test). */
  const statuses = async (pathPattern: string) =>
    (await control.requests()).requests.filter((request) => request.kind === 'api' && new RegExp(pathPattern).test(request.path)).map((request) => request.status);
  const change = (label: string) => ({ path: `drill/${label}.txt`, content: `${label}\n` });

  it('retries a 5xx on the tree call and on the ref update, and commits once', async () => {
    const client = await clientFor('alice', 'fault-5xx');
    const { branch, head } = await freshBranch(client);
    await control.fault({ status: 502, count: 1, method: 'POST', pathPattern: '/git/trees$' });
    await control.fault({ status: 503, count: 2, method: 'PATCH', pathPattern: '/git/refs/heads' });

    const result = await commitChanges(client, { owner, repo, branch, expectedHeadSha: head, message: 'through 5xx', changes: [change('five')] });

    expect(result).toMatchObject({ status: 'committed', parentSha: head });
    expect(await statuses('/git/trees$')).toEqual([502, 201]);
    expect(await statuses('/git/refs/heads')).toEqual([503, 503, 200]);
    expect(git('rev-parse', `refs/heads/${branch}`)).toBe(result.status === 'committed' ? result.sha : '');
    expect(git('rev-list', '--count', `${head}..refs/heads/${branch}`)).toBe('1');
    expect(filesAt(branch, 'drill')).toEqual({ 'drill/five.txt': 'five' });
    expectSoundRepository();
  });

  it('reports a ref update that keeps failing, and leaves the branch where it was', async () => {
    const client = await clientFor('alice', 'fault-5xx-persistent');
    const { branch, head } = await freshBranch(client);
    await control.fault({ status: 500, count: 20, method: 'PATCH', pathPattern: '/git/refs/heads' });

    const error = await commitChanges(client, { owner, repo, branch, expectedHeadSha: head, message: 'never lands', changes: [change('lost')] }).catch(
      (caught: unknown) => caught,
    );

    expect(error).toMatchObject({ status: 500 });
    expect(await statuses('/git/refs/heads')).toEqual([500, 500, 500, 500]);
    expect(git('rev-parse', `refs/heads/${branch}`)).toBe(head);
    expectSoundRepository();
  });

  it('waits out a secondary rate limit on the commit call, then commits once', async () => {
    const client = await clientFor('alice', 'fault-secondary');
    const { branch, head } = await freshBranch(client);
    await control.fault({ kind: 'secondary-rate-limit', retryAfter: 1, count: 1, method: 'POST', pathPattern: '/git/commits$' });

    const result = await commitChanges(client, { owner, repo, branch, expectedHeadSha: head, message: 'after the limit', changes: [change('limited')] });

    expect(result).toMatchObject({ status: 'committed', parentSha: head });
    expect(await control.count({ method: 'POST', pathPattern: '/git/commits$' })).toBe(2);
    expect(git('rev-list', '--count', `${head}..refs/heads/${branch}`)).toBe('1');
    expect(filesAt(branch, 'drill')).toEqual({ 'drill/limited.txt': 'limited' });
  });

  /** Starts a commit and expires alice's tokens once the tree is written, while the commit call is on its way. */
  async function commitWithTokenExpiringMidway(client: GitHubClient, branch: string, head: string, label: string) {
    await control.latency({ ms: 400, pathPattern: '/git/commits$' });
    const { lastSeq } = await control.requests();
    const commit = commitChanges(client, { owner, repo, branch, expectedHeadSha: head, message: label, changes: [change(label)] }).catch(
      (caught: unknown) => caught,
    );
    while ((await control.count({ since: lastSeq, method: 'POST', pathPattern: '/git/trees$' })) === 0) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect((await control.expireToken({ login: 'alice' })).expired).toBeGreaterThan(0);
    return commit;
  }

  it('reports a token that expires between the tree and the commit call, and moves nothing', async () => {
    const client = await clientFor('alice', 'fault-expired');
    const { branch, head } = await freshBranch(client);

    const error = await commitWithTokenExpiringMidway(client, branch, head, 'expired');

    expect(error).toMatchObject({ status: 401 });
    expect(await branchHead(await clientFor('alice', 'fault-expired-check'), owner, repo, branch)).toBe(head);
    expect(git('rev-parse', `refs/heads/${branch}`)).toBe(head);
    expectSoundRepository();
  });

  it('renews a token that expires mid-commit and finishes the same commit', async () => {
    const renewals: string[] = [];
    const client = await clientFor('alice', 'fault-renewed', {
      onUnauthorized: async (rejected) => {
        renewals.push(rejected);
        return (await control.createUserToken('alice')).access_token;
      },
    });
    const { branch, head } = await freshBranch(client);

    const result = await commitWithTokenExpiringMidway(client, branch, head, 'renewed');

    expect(renewals).toHaveLength(1);
    expect(result).toMatchObject({ status: 'committed', parentSha: head });
    expect(git('rev-list', '--count', `${head}..refs/heads/${branch}`)).toBe('1');
    expect(filesAt(branch, 'drill')).toEqual({ 'drill/renewed.txt': 'renewed' });
    expectSoundRepository();
  });
});
