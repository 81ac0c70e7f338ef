import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GitHubEmulatorControl } from '@/emulators/github/control';
import { commitChanges, type CommitResult } from '@/lib/github/commits';
import { createOctokit, type GitHubClient } from '@/lib/github/octokit';
import { createBranch } from '@/lib/github/repos';
import { startTestGitHub, type TestGitHub } from '../support/github';

/**
 * GitHub reads can lag a ref update (read replicas): right after a commit lands, the branch may still
 * be reported at its previous head. The commit path must neither lose an update nor commit twice.
 */

let github: TestGitHub;
let control: GitHubEmulatorControl;
let alice: GitHubClient;
let bob: GitHubClient;
let gitDir: string;

const owner = 'alice';
const repo = 'sample-game';
const LAG_MS = 400;

const gitText = (...args: string[]) => execFileSync('git', ['--git-dir', gitDir, ...args]).toString('utf8').trim();

let branchCount = 0;
async function freshBranch(): Promise<{ branch: string; head: string }> {
  const branch = `test/lag-${++branchCount}-${Date.now()}`;
  const { sha } = await createBranch(alice, { owner, repo, baseBranch: 'main', newBranch: branch });
  return { branch, head: sha };
}

function committed(result: CommitResult) {
  if (result.status !== 'committed') throw new Error(`expected a commit, got ${JSON.stringify(result)}`);
  return result;
}

beforeAll(async () => {
  github = await startTestGitHub();
  control = new GitHubEmulatorControl(github.url);
  gitDir = path.join(github.dataDir, 'repos', owner, `${repo}.git`);
  alice = createOctokit({ token: (await github.signIn('alice')).access_token, cacheKey: 'alice' });
  bob = createOctokit({ token: (await github.signIn('bob')).access_token, cacheKey: 'bob' });
});

afterEach(async () => {
  await control.replicationLag(0);
});

afterAll(async () => {
  await github?.close();
});

describe('commitChanges under replication lag', () => {
  it('rebases onto a commit the branch read does not show yet, committing once', async () => {
    const { branch, head } = await freshBranch();
    await control.replicationLag(LAG_MS);
    const { data } = await bob.rest.repos.createOrUpdateFileContents({
      owner,
      repo,
      branch,
      path: 'bob.txt',
      message: 'bob was first',
      content: Buffer.from('bob\n').toString('base64'),
    });
    const result = committed(
      await commitChanges(alice, { owner, repo, branch, expectedHeadSha: head, message: 'Alice', changes: [{ path: 'alice.txt', content: 'alice\n' }] }),
    );
    expect(result).toMatchObject({ rebased: true, parentSha: data.commit.sha });
    expect(gitText('rev-parse', `refs/heads/${branch}`)).toBe(result.sha);
    expect(gitText('log', '--format=%s', `${head}..${result.sha}`).split('\n')).toEqual(['Alice', 'bob was first']);
    expect(gitText('show', `${result.sha}:bob.txt`)).toBe('bob');
  });

  it('saves again at once on top of its own commit although the branch read still shows the older head', async () => {
    const { branch, head } = await freshBranch();
    await control.replicationLag(LAG_MS);
    const first = committed(
      await commitChanges(alice, { owner, repo, branch, expectedHeadSha: head, message: 'One', changes: [{ path: 'src/main.ts', content: 'one\n' }] }),
    );
    const second = committed(
      await commitChanges(alice, { owner, repo, branch, expectedHeadSha: first.sha, message: 'Two', changes: [{ path: 'src/main.ts', content: 'two\n' }] }),
    );
    expect(second).toMatchObject({ parentSha: first.sha, rebased: false });
    expect(gitText('log', '--format=%s', `${head}..refs/heads/${branch}`).split('\n')).toEqual(['Two', 'One']);
    expect(gitText('show', `refs/heads/${branch}:src/main.ts`)).toBe('two');
  });
});
