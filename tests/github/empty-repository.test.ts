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
const LOGO = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0x10]);

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

  it('takes a first save of several files as ONE commit without a parent, holding them all', async () => {
    const result = await commitFirst(alice, {
      ...blank,
      branch: 'main',
      message: 'Start the project',
      changes: [
        { path: 'README.md', content: '# Blank slate\n' },
        { path: 'docs/notes.md', content: 'Notes\n' },
        // A binary goes as a blob, which the git database takes once the first file is in.
        { path: 'art/logo.png', content: LOGO },
      ],
    });
    expect(result).toMatchObject({
      status: 'committed',
      parentSha: null,
      files: [
        { path: 'README.md', change: 'create' },
        { path: 'docs/notes.md', change: 'create' },
        { path: 'art/logo.png', change: 'create' },
      ],
    });
    if (result.status !== 'committed') return;
    expect(gitText('rev-parse', 'refs/heads/main')).toBe(result.sha);
    expect(gitText('log', '--format=%s|%P', 'refs/heads/main').split('\n')).toEqual(['Start the project|']);
    expect(gitText('ls-tree', '-r', '--name-only', 'refs/heads/main').split('\n')).toEqual(['README.md', 'art/logo.png', 'docs/notes.md']);
    expect(execFileSync('git', ['--git-dir', gitDir, 'show', 'refs/heads/main:art/logo.png']).equals(Buffer.from(LOGO))).toBe(true);
    expect(await isRepositoryEmpty(alice, blank.owner, blank.repo)).toBe(false);
  });

  it('refuses a first commit of a file someone else’s first commit already holds', async () => {
    const again = commitFirst(alice, { ...blank, branch: 'main', message: 'Me too', changes: [{ path: 'README.md', content: '# Mine\n' }] });
    await expect(again).rejects.toMatchObject({ code: 'conflict' });
    expect(gitText('show', 'refs/heads/main:README.md')).toBe('# Blank slate');
  });
});
