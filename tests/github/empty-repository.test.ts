import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commitFirst } from '@/lib/github/commits';
import { createOctokit, type GitHubClient } from '@/lib/github/octokit';
import { branchHead, isRepositoryEmpty } from '@/lib/github/repos';
import { startTestGitHub, type TestGitHub } from '../support/github';

/** A repository created on GitHub without a README has no commits: GitHub's git endpoints answer 409 there. */

let github: TestGitHub;
let alice: GitHubClient;
let gitDir: string;
const blank = { owner: 'alice', repo: 'blank-slate' };

const gitText = (...args: string[]) => execFileSync('git', ['--git-dir', gitDir, ...args]).toString('utf8').trim();

beforeAll(async () => {
  github = await startTestGitHub();
  gitDir = path.join(github.dataDir, 'repos', blank.owner, `${blank.repo}.git`);
  alice = createOctokit({ token: (await github.signIn('alice')).access_token, cacheKey: 'alice' });
});

afterAll(async () => {
  await github?.close();
});

describe('an empty repository', () => {
  it('has no branch head and says it is empty (other repositories are not)', async () => {
    expect(await branchHead(alice, blank.owner, blank.repo, 'main')).toBeNull();
    expect(await isRepositoryEmpty(alice, blank.owner, blank.repo)).toBe(true);
    expect(await isRepositoryEmpty(alice, 'alice', 'sample-game')).toBe(false);
  });

  it('takes its first commit without a parent; further files of the same save follow on top of it', async () => {
    const result = await commitFirst(alice, {
      ...blank,
      branch: 'main',
      message: 'Start the project',
      changes: [
        { path: 'README.md', content: '# Blank slate\n' },
        { path: 'docs/notes.md', content: 'Notes\n' },
      ],
    });
    expect(result).toMatchObject({
      status: 'committed',
      parentSha: null,
      files: [
        { path: 'README.md', change: 'create' },
        { path: 'docs/notes.md', change: 'create' },
      ],
    });
    if (result.status !== 'committed') return;
    expect(gitText('rev-parse', 'refs/heads/main')).toBe(result.sha);
    expect(gitText('log', '--format=%s|%P', 'refs/heads/main').split('\n')).toEqual([
      `Start the project|${gitText('rev-parse', 'refs/heads/main~1')}`,
      'Start the project|',
    ]);
    expect(gitText('ls-tree', '-r', '--name-only', 'refs/heads/main').split('\n')).toEqual(['README.md', 'docs/notes.md']);
    expect(await isRepositoryEmpty(alice, blank.owner, blank.repo)).toBe(false);
  });

  it('refuses a first commit of a file someone else’s first commit already holds', async () => {
    const again = commitFirst(alice, { ...blank, branch: 'main', message: 'Me too', changes: [{ path: 'README.md', content: '# Mine\n' }] });
    await expect(again).rejects.toMatchObject({ code: 'conflict' });
    expect(gitText('show', 'refs/heads/main:README.md')).toBe('# Blank slate');
  });
});
