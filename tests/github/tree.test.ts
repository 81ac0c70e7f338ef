import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GitHubEmulatorControl } from '@/emulators/github/control';
import { commitChanges } from '@/lib/github/commits';
import { compareWithBase } from '@/lib/github/compare';
import { createOctokit, type GitHubClient } from '@/lib/github/octokit';
import { branchHead, createBranch } from '@/lib/github/repos';
import { readBlob, readTree } from '@/lib/github/tree';
import { startTestGitHub, type TestGitHub } from '../support/github';

let github: TestGitHub;
let control: GitHubEmulatorControl;
let token: string;
const owner = 'alice';
const repo = 'sample-game';

/** A client as a new server request would build one: same user, same ETag cache scope. */
const clientFor = (cacheKey: string): GitHubClient => createOctokit({ token, cacheKey });

beforeAll(async () => {
  github = await startTestGitHub();
  control = new GitHubEmulatorControl(github.url);
  token = (await github.signIn('alice')).access_token;
});

afterAll(async () => {
  await github?.close();
});

describe('readTree', () => {
  it('lists every file and folder of a commit in one call', async () => {
    const head = (await branchHead(clientFor('list'), owner, repo, 'main'))!;
    const { lastSeq } = await control.requests();
    const tree = await readTree(clientFor('list'), owner, repo, head);
    expect((await control.requests(lastSeq)).requests).toHaveLength(1);
    expect(tree).toMatchObject({ commitSha: head, readByFolder: false });
    expect(tree.treeSha).toMatch(/^[0-9a-f]{40}$/);
    expect(tree.treeSha).not.toBe(head);
    const byPath = new Map(tree.entries.map((entry) => [entry.path, entry]));
    expect(byPath.get('src')).toMatchObject({ type: 'tree', mode: '040000' });
    expect(byPath.get('src/main.ts')).toMatchObject({ type: 'blob', mode: '100644' });
    expect(byPath.get('assets/sounds/jump.wav')?.size).toBeGreaterThan(1000);
  });

  it('completes a listing GitHub truncated by reading folder by folder, in the same order', async () => {
    const head = (await branchHead(clientFor('whole'), owner, repo, 'main'))!;
    const whole = await readTree(clientFor('whole'), owner, repo, head);
    // Small enough that the root and some folders are cut short too.
    await control.treeLimit(4);
    try {
      const { lastSeq } = await control.requests();
      const completed = await readTree(clientFor('by-folder'), owner, repo, head);
      expect(completed).toEqual({ ...whole, readByFolder: true });
      const calls = (await control.requests(lastSeq)).requests;
      expect(calls.length).toBeGreaterThan(2);
      expect(calls.every((call) => call.status === 200 && /\/git\/trees\//.test(call.path))).toBe(true);
    } finally {
      await control.reset();
    }
  });

  it('re-opening a branch costs only conditional requests (304s)', async () => {
    const cacheKey = `reopen-${randomBytes(3).toString('hex')}`;
    const open = async () => {
      const client = clientFor(cacheKey);
      const head = (await branchHead(client, owner, repo, 'develop'))!;
      return readTree(client, owner, repo, head);
    };
    const first = await open();
    const { lastSeq } = await control.requests();
    const second = await open();
    expect(second).toEqual(first);
    const { requests } = await control.requests(lastSeq);
    expect(requests.map((request) => [request.method, request.status])).toEqual([
      ['GET', 304],
      ['GET', 304],
    ]);
  });

  it('reads blobs byte for byte', async () => {
    const client = clientFor('blobs');
    const head = (await branchHead(client, owner, repo, 'main'))!;
    const tree = await readTree(client, owner, repo, head);
    const png = tree.entries.find((entry) => entry.path === 'assets/images/player.png')!;
    const bytes = await readBlob(client, owner, repo, png.sha);
    expect(bytes.length).toBe(png.size);
    expect([...bytes.slice(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  });
});

describe('compareWithBase', () => {
  it('lists the files a branch changed since it left the base, with a patch each', async () => {
    const client = clientFor('compare');
    const branch = `compare/${randomBytes(3).toString('hex')}`;
    const { sha } = await createBranch(client, { owner, repo, baseBranch: 'main', newBranch: branch });
    const result = await commitChanges(client, {
      owner,
      repo,
      branch,
      expectedHeadSha: sha,
      message: 'Change things',
      changes: [
        { path: 'src/main.ts', content: 'export const changed = 1;\n' },
        { path: 'docs/added.md', content: '# Added\n' },
        { path: 'index.html', delete: true },
      ],
    });
    if (result.status !== 'committed') throw new Error('commit failed');
    const comparison = await compareWithBase(client, { owner, repo, base: 'main', head: result.sha });
    expect(comparison).toMatchObject({ base: 'main', status: 'ahead', aheadBy: 1, behindBy: 0 });
    expect(comparison.files.map((file) => [file.path, file.status]).sort()).toEqual([
      ['docs/added.md', 'added'],
      ['index.html', 'removed'],
      ['src/main.ts', 'modified'],
    ]);
    const main = comparison.files.find((file) => file.path === 'src/main.ts')!;
    expect(main.patch).toContain('+export const changed = 1;');
    expect(main.additions).toBe(1);
  });
});
