import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizeRepoPath } from '@/lib/llm/paths';
import { ToolError } from '@/lib/llm/tool-error';
import { runTool } from '@/lib/llm/tools';
import { BranchWorkspace, openBranchWorkspace, snapshotKey } from '@/lib/llm/workspace';
import { LocalObjectStore } from '@/lib/storage';
import { type LlmHarness, REPO, startLlmHarness } from './harness';

let h: LlmHarness;
let workspace: BranchWorkspace;

beforeAll(async () => {
  h = await startLlmHarness();
  workspace = await openBranchWorkspace({ ...REPO, sha: h.sha, github: h.client, store: await h.freshStore() });
});
afterAll(async () => {
  await h?.close();
});

/** A file of the branch as GitHub serves it (raw bytes). */
async function githubFile(path: string): Promise<Buffer> {
  const { data } = await h.client.rest.repos.getContent({ owner: REPO.owner, repo: REPO.repo, path, ref: h.sha });
  return Buffer.from((data as { content: string }).content, 'base64');
}

const tool = (name: string, input: unknown, on = workspace) => runTool(on, name, input);

describe('branch snapshots', () => {
  it('hold every file of the commit, byte for byte (text and binary)', async () => {
    const { data: tree } = await h.client.rest.git.getTree({ owner: REPO.owner, repo: REPO.repo, tree_sha: h.sha, recursive: 'true' });
    const blobs = tree.tree.filter((entry) => entry.type === 'blob').map((entry) => entry.path!);
    expect(workspace.files()).toEqual([...blobs].sort());
    const binary = blobs.find((p) => p.endsWith('.png'));
    expect(binary).toBeDefined();
    for (const path of ['README.md', 'src/main.ts', binary!]) {
      expect(Buffer.from(workspace.read(path) as Uint8Array).equals(await githubFile(path))).toBe(true);
    }
  });

  it('are downloaded once per commit and then read from the object store', async () => {
    const store = await h.freshStore();
    const { lastSeq } = await h.githubControl.requests();
    const open = () => openBranchWorkspace({ ...REPO, sha: h.sha, github: h.client, store });
    const [a, b] = await Promise.all([open(), open()]);
    expect(a.files()).toEqual(b.files());
    expect(await h.githubControl.count({ since: lastSeq, pathPattern: '/tarball/' })).toBe(1);
    expect(await h.githubControl.count({ since: lastSeq, pathPattern: '^/_codeload/' })).toBe(1);
    expect(await store.exists(snapshotKey(REPO.owner, REPO.repo, h.sha))).toBe(true);

    const after = (await h.githubControl.requests()).lastSeq;
    expect((await open()).files()).toEqual(a.files());
    // Another process: same store contents, nothing in memory.
    const sameStore = new LocalObjectStore({ root: store.root });
    const fromStore = await openBranchWorkspace({ ...REPO, sha: h.sha, github: h.client, store: sameStore });
    expect(fromStore.files()).toEqual(a.files());
    expect(Buffer.from(fromStore.read('README.md') as Uint8Array)).toEqual(Buffer.from(a.read('README.md') as Uint8Array));
    expect(await h.githubControl.count({ since: after })).toBe(0);
  });

  it('refuse something that is not a commit sha', async () => {
    await expect(openBranchWorkspace({ ...REPO, sha: '../../x', github: h.client, store: await h.freshStore() })).rejects.toMatchObject({
      code: 'bad_request',
    });
  });
});

describe('repository paths', () => {
  it.each([
    ['src/main.ts', 'src/main.ts'],
    ['./src//main.ts', 'src/main.ts'],
    ['src/./a/', 'src/a'],
    ['docs/~notes.md', 'docs/~notes.md'],
  ])('normalize %j to %j', (input, output) => {
    expect(normalizeRepoPath(input)).toBe(output);
  });

  it.each(['../secret', 'src/../../x', '/etc/passwd', 'C:/windows', '~/x', 'a\\b', 'a\0b', '.git/config', 'sub/.GIT/HEAD', '', './', `${'x'.repeat(256)}.txt`])(
    'refuse %j',
    (input) => {
      expect(() => normalizeRepoPath(input)).toThrow(ToolError);
    },
  );

  it('allow the root only where a folder is meant', () => {
    expect(normalizeRepoPath('.', { allowRoot: true })).toBe('');
  });
});

describe('file tools', () => {
  it('list_files lists recursively or one level, and reports a missing folder as a tool error', () => {
    expect(tool('list_files', { path: 'src' }).output.split('\n')).toEqual(workspace.files().filter((p) => p.startsWith('src/')));
    const top = tool('list_files', { recursive: false }).output.split('\n');
    expect(top).toContain('README.md');
    expect(top).toContain('src/');
    expect(top).not.toContain('src/main.ts');
    expect(tool('list_files', { path: 'nope' })).toEqual({ output: 'There is no folder "nope".', isError: true });
  });

  it('read_file numbers lines and reads ranges; binary files and folders are tool errors', () => {
    const read = tool('read_file', { path: 'src/main.ts', start_line: 12, end_line: 12 });
    expect(read).toEqual({ output: '    12\texport const GRAVITY = 0.2;', isError: false });
    const long = new BranchWorkspace({ ...REPO, sha: h.sha }, new Map([['long.txt', Buffer.from('x\n'.repeat(2500))]]));
    const first = tool('read_file', { path: 'long.txt' }, long).output.split('\n');
    expect(first).toHaveLength(2001);
    expect(first.at(-1)).toBe('… (2500 lines in all; read on with start_line 2001)');
    expect(tool('read_file', { path: 'long.txt', start_line: 2001 }, long).output.split('\n')).toHaveLength(500);
    expect(tool('read_file', { path: 'long.txt', start_line: 3000 }, long)).toMatchObject({ isError: true, output: expect.stringContaining('past its end') });
    const png = workspace.files().find((p) => p.endsWith('.png'))!;
    expect(tool('read_file', { path: png })).toMatchObject({ isError: true, output: expect.stringContaining('binary file') });
    expect(tool('read_file', { path: 'src' })).toMatchObject({ isError: true, output: expect.stringContaining('is a folder') });
    expect(tool('read_file', { path: '../etc/passwd' })).toMatchObject({ isError: true, output: expect.stringContaining('leaves the repository') });
  });

  it('search finds text case-insensitively by default, regexes on request, within limits', () => {
    expect(tool('search', { pattern: 'gravity' }).output).toContain('src/main.ts:12: export const GRAVITY = 0.2;');
    expect(tool('search', { pattern: 'gravity', case_sensitive: true }).output).toBe('No matches for "gravity".');
    expect(tool('search', { pattern: 'GRAVITY\\s*=\\s*0\\.\\d', regex: true }).output).toBe('src/main.ts:12: export const GRAVITY = 0.2;');
    expect(tool('search', { pattern: 'e', max_results: 2 }).output.split('\n')).toHaveLength(3);
    expect(tool('search', { pattern: '(', regex: true })).toMatchObject({ isError: true, output: expect.stringContaining('Invalid regular expression') });
    expect(tool('search', { pattern: 'GRAVITY', path: 'scenes' }).output).toBe('No matches for "GRAVITY" in scenes/.');
  });

  it('edit_file replaces exactly one match, refuses none or several, and replace_all replaces every one', () => {
    const ws = new BranchWorkspace({ ...REPO, sha: h.sha }, new Map([['a.txt', Buffer.from('one two one\n')]]));
    expect(tool('edit_file', { path: 'a.txt', old_string: 'three', new_string: 'x' }, ws)).toMatchObject({ isError: true, output: expect.stringContaining('not found') });
    expect(tool('edit_file', { path: 'a.txt', old_string: 'one', new_string: 'x' }, ws)).toMatchObject({ isError: true, output: expect.stringContaining('occurs 2 times') });
    expect(tool('edit_file', { path: 'a.txt', old_string: 'two', new_string: '$&-$1' }, ws).isError).toBe(false);
    expect(ws.read('a.txt')).toBe('one $&-$1 one\n');
    expect(tool('edit_file', { path: 'a.txt', old_string: 'one', new_string: '1', replace_all: true }, ws).output).toBe('Edited a.txt: replaced 2 occurrences.');
    expect(ws.changes()).toEqual([{ path: 'a.txt', content: '1 $&-$1 1\n' }]);
  });

  it('edit_file keeps a BOM and Windows line endings byte for byte', () => {
    const original = Buffer.from('\uFEFFline one\r\nline two\r\n', 'utf8');
    const ws = new BranchWorkspace({ ...REPO, sha: h.sha }, new Map([['w.txt', original]]));
    expect(tool('edit_file', { path: 'w.txt', old_string: 'line one\nline two', new_string: 'first\nsecond' }, ws).isError).toBe(false);
    const [change] = ws.changes();
    expect(Buffer.from(change && 'content' in change ? (change.content as string) : '', 'utf8')).toEqual(Buffer.from('\uFEFFfirst\r\nsecond\r\n', 'utf8'));
  });

  it('write_file and delete_file change the overlay; folders and files in the way are refused', () => {
    const ws = new BranchWorkspace({ ...REPO, sha: h.sha }, new Map([['src/a.ts', Buffer.from('a')], ['b.txt', Buffer.from('b')]]));
    expect(tool('write_file', { path: 'src', content: 'x' }, ws)).toMatchObject({ isError: true, output: expect.stringContaining('is a folder') });
    expect(tool('write_file', { path: 'b.txt/c', content: 'x' }, ws)).toMatchObject({ isError: true, output: expect.stringContaining('"b.txt" is a file') });
    expect(tool('write_file', { path: 'new/file.md', content: 'hi' }, ws).output).toBe('Created new/file.md (2 bytes).');
    expect(tool('delete_file', { path: 'missing.txt' }, ws)).toEqual({ output: 'There is no file "missing.txt".', isError: true });
    expect(tool('delete_file', { path: 'b.txt' }, ws).isError).toBe(false);
    // Writing a file back to its original content is no change at all.
    expect(tool('write_file', { path: 'src/a.ts', content: 'a' }, ws).output).toBe('Replaced src/a.ts (1 bytes).');
    expect(ws.changes()).toEqual([
      { path: 'b.txt', delete: true },
      { path: 'new/file.md', content: 'hi' },
    ]);
  });

  it('invalid inputs and unknown tools come back as tool errors', () => {
    expect(tool('read_file', { file: 'x' })).toMatchObject({ isError: true, output: expect.stringContaining('Invalid input for read_file') });
    expect(tool('rm_rf', {})).toMatchObject({ isError: true, output: expect.stringContaining('There is no tool "rm_rf"') });
  });
});

describe('search deadline', () => {
  it('stops a regular expression that backtracks without end, with a sentence for the model', () => {
    const slow = new BranchWorkspace({ ...REPO, sha: 'c'.repeat(40) }, new Map([['trap.txt', new TextEncoder().encode(`${'a'.repeat(40)}b\n`)]]));
    const started = Date.now();
    const result = tool('search', { pattern: '(a+)+$', regex: true }, slow);
    expect(result).toEqual({ output: 'The search took longer than 2 s and was stopped; use a simpler regular expression or search a folder.', isError: true });
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
