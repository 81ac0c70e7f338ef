import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { commitChanges, MAX_FILE_BYTES } from '@/lib/github/commits';
import { createOctokit, type GitHubClient } from '@/lib/github/octokit';
import { createBranch } from '@/lib/github/repos';
import { startTestGitHub, type TestGitHub } from '../support/github';

/** The largest file the app allows (GitHub's documented 100 MiB) goes through the real commit path whole. */

let github: TestGitHub;
let alice: GitHubClient;
let gitDir: string;
const owner = 'alice';
const repo = 'sample-game';

const gitText = (...args: string[]) => execFileSync('git', ['--git-dir', gitDir, ...args]).toString('utf8').trim();
const blobSha = (bytes: Uint8Array) => createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');

beforeAll(async () => {
  github = await startTestGitHub();
  gitDir = path.join(github.dataDir, 'repos', owner, `${repo}.git`);
  alice = createOctokit({ token: (await github.signIn('alice')).access_token, cacheKey: 'alice' });
});

afterAll(async () => {
  await github?.close();
});

describe('the largest allowed file', () => {
  it('is GitHub’s 100 MiB and commits byte for byte; one byte more is refused before GitHub is called', async () => {
    expect(MAX_FILE_BYTES).toBe(100 * 1024 * 1024);
    const branch = `test/large-${Date.now()}`;
    const { sha: head } = await createBranch(alice, { owner, repo, baseBranch: 'main', newBranch: branch });
    const bytes = randomBytes(MAX_FILE_BYTES);
    const result = await commitChanges(alice, {
      owner,
      repo,
      branch,
      expectedHeadSha: head,
      message: 'Add the largest file',
      changes: [{ path: 'assets/huge.bin', content: bytes }],
    });
    expect(result.status).toBe('committed');
    expect(gitText('rev-parse', `refs/heads/${branch}:assets/huge.bin`)).toBe(blobSha(bytes));

    const tooLarge = commitChanges(alice, {
      owner,
      repo,
      branch,
      expectedHeadSha: head,
      message: 'One byte too many',
      changes: [{ path: 'assets/huger.bin', content: new Uint8Array(MAX_FILE_BYTES + 1) }],
    });
    await expect(tooLarge).rejects.toBeInstanceOf(AppError);
    await expect(tooLarge).rejects.toMatchObject({ code: 'payload_too_large' });
  }, 60_000);
});
