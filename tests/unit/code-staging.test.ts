import { describe, expect, it } from 'vitest';
import {
  changeList,
  createFile,
  createFolder,
  deletePath,
  discardChange,
  emptyStaging,
  renamePath,
  renameTarget,
  StagingError,
  stageText,
  toChangeInputs,
  workingFiles,
  workingFolders,
  type StagedState,
} from '@/lib/code/staging';
import { commitSizeProblem } from '@/lib/code/limits';
import type { TreeEntry } from '@/lib/github/tree';

const sha = (n: number) => n.toString(16).padStart(40, '0');
const blob = (path: string, n: number): TreeEntry => ({ path, type: 'blob', mode: '100644', sha: sha(n), size: 10 });
const folder = (path: string): TreeEntry => ({ path, type: 'tree', mode: '040000', sha: sha(999) });

const entries: TreeEntry[] = [
  blob('README.md', 1),
  folder('src'),
  blob('src/main.ts', 2),
  blob('src/game.js', 3),
  folder('src/lib'),
  blob('src/lib/util.ts', 4),
  { path: 'vendor/engine', type: 'commit', mode: '160000', sha: sha(5) },
];

/** Applies operations the way the editor does: each one against the files it produces. */
function session(initial: StagedState = emptyStaging(sha(100))) {
  let state = initial;
  const files = () => workingFiles(entries, state);
  const folders = () => workingFolders(files(), state);
  return {
    get state() {
      return state;
    },
    files,
    folders,
    type(path: string, text: string, original: string | null) {
      state = stageText(state, files().get(path)!, text, original);
    },
    create(path: string, content = '') {
      state = createFile(state, files(), folders(), path, content);
    },
    mkdir(path: string) {
      state = createFolder(state, files(), folders(), path);
    },
    remove(path: string) {
      state = deletePath(state, files(), path);
    },
    rename(from: string, to: string) {
      const result = renamePath(state, files(), folders(), from, to);
      state = result.state;
      return result.moved;
    },
    discard(path: string) {
      state = discardChange(state, path);
    },
  };
}

describe('staged changes', () => {
  it('an edit is staged against its original blob, and typing the original back unstages it', () => {
    const s = session();
    s.type('src/main.ts', 'changed', 'original');
    expect(s.state.changes).toEqual({ 'src/main.ts': { kind: 'edit', content: 'changed', baseSha: sha(2) } });
    expect(s.files().get('src/main.ts')).toMatchObject({ status: 'modified', sha: sha(2) });
    s.type('src/main.ts', 'original', 'original');
    expect(s.state.changes).toEqual({});
  });

  it('creates files and folders, refusing names that are taken or under a file', () => {
    const s = session();
    s.create('src/new.ts', 'x');
    s.mkdir('assets/empty');
    expect(s.files().get('src/new.ts')).toMatchObject({ status: 'added', sha: null });
    expect([...s.folders()].sort()).toEqual(['assets', 'assets/empty', 'src', 'src/lib', 'vendor']);
    expect(() => s.create('src/main.ts')).toThrow(new StagingError('"src/main.ts" already exists.'));
    expect(() => s.create('src')).toThrow(StagingError);
    expect(() => s.create('README.md/inner.txt')).toThrow('"README.md" is a file, so it cannot contain "inner.txt".');
    s.type('src/new.ts', 'typed', null);
    expect(s.state.changes['src/new.ts']).toEqual({ kind: 'create', content: 'typed' });
  });

  it('deleting a new file forgets it; deleting a folder deletes every file in it', () => {
    const s = session();
    s.create('src/lib/extra.ts');
    s.remove('src/lib');
    expect(s.state.changes).toEqual({ 'src/lib/util.ts': { kind: 'delete', baseSha: sha(4) } });
    expect(s.folders().has('src/lib')).toBe(false);
    s.create('src/lib/util.ts', 'recreated');
    expect(s.state.changes['src/lib/util.ts']).toEqual({ kind: 'edit', content: 'recreated', baseSha: sha(4) });
  });

  it('renames keep the original blob and carry edits along; renaming back restores the file', () => {
    const s = session();
    s.type('src/main.ts', 'edited', 'original');
    s.rename('src/main.ts', 'src/index.ts');
    expect(s.state.changes).toEqual({ 'src/index.ts': { kind: 'rename', from: 'src/main.ts', fromSha: sha(2), content: 'edited' } });
    s.type('src/index.ts', 'original', 'original');
    expect(s.state.changes['src/index.ts']).toEqual({ kind: 'rename', from: 'src/main.ts', fromSha: sha(2) });
    s.rename('src/index.ts', 'src/main.ts');
    expect(s.state.changes).toEqual({});
  });

  it('renaming a folder moves every file below it and reports where each went', () => {
    const s = session();
    s.create('src/lib/new.ts', 'n');
    const moved = s.rename('src', 'code');
    expect([...moved.entries()].sort()).toEqual([
      ['src/game.js', 'code/game.js'],
      ['src/lib/new.ts', 'code/lib/new.ts'],
      ['src/lib/util.ts', 'code/lib/util.ts'],
      ['src/main.ts', 'code/main.ts'],
    ]);
    expect(s.files().has('src/main.ts')).toBe(false);
    expect(s.state.changes['code/lib/new.ts']).toEqual({ kind: 'create', content: 'n' });
    expect(() => s.rename('code', 'code/inner')).toThrow('cannot be moved inside itself');
    expect(() => s.rename('code/main.ts', 'README.md')).toThrow('already exists');
  });

  it('deleting a renamed file deletes the original; a deleted name cannot be reused by a rename', () => {
    const s = session();
    s.rename('src/game.js', 'src/play.js');
    s.remove('src/play.js');
    expect(s.state.changes).toEqual({ 'src/game.js': { kind: 'delete', baseSha: sha(3) } });
    expect(() => s.rename('src/main.ts', 'src/game.js')).toThrow('is staged for deletion');
  });

  it('discarding a rename brings the file back under its old name', () => {
    const s = session();
    s.rename('README.md', 'docs/README.md');
    s.discard('docs/README.md');
    expect(s.files().get('README.md')).toMatchObject({ status: null, sha: sha(1) });
  });

  it('submodules are listed but cannot be renamed', () => {
    const s = session();
    expect(s.files().get('vendor/engine')).toMatchObject({ type: 'commit' });
    expect(() => s.rename('vendor/engine', 'vendor/other')).toThrow('cannot be renamed');
  });

  it('becomes the commit action’s input, and a sorted list for the changes panel', () => {
    const s = session();
    s.type('src/main.ts', 'edited', 'original');
    s.create('b.txt', 'new');
    s.remove('README.md');
    s.rename('src/game.js', 'src/play.js');
    expect(toChangeInputs(s.state)).toEqual([
      { kind: 'write', path: 'src/main.ts', content: 'edited' },
      { kind: 'write', path: 'b.txt', content: 'new' },
      { kind: 'delete', path: 'README.md' },
      { kind: 'rename', from: 'src/game.js', path: 'src/play.js' },
    ]);
    expect(changeList(s.state).map((item) => item.path)).toEqual(['README.md', 'b.txt', 'src/main.ts', 'src/play.js']);
  });
});

describe('rename target', () => {
  it('keeps the folder for a bare name; a typed path counts from the root, a leading "/" is the root', () => {
    expect(renameTarget('src/style.css', 'styles.css')).toBe('src/styles.css');
    expect(renameTarget('src/style.css', '  styles.css ')).toBe('src/styles.css');
    expect(renameTarget('README.md', 'READ.md')).toBe('READ.md');
    expect(renameTarget('src/style.css', 'css/styles.css')).toBe('css/styles.css');
    expect(renameTarget('src/style.css', '/styles.css')).toBe('styles.css');
    expect(renameTarget('src/style.css', '')).toBe('');
  });
});

describe('commit size', () => {
  it('refuses a file or a commit over the limits before anything is sent', () => {
    const mb = (n: number) => 'x'.repeat(n * 1024 * 1024);
    expect(commitSizeProblem([{ kind: 'write', path: 'a.txt', content: mb(1) }, { kind: 'delete', path: 'b.txt' }])).toBeNull();
    expect(commitSizeProblem([{ kind: 'write', path: 'big.txt', content: mb(6) }])).toBe('big.txt is 6.0 MB; a file can be at most 5.0 MB.');
    expect(commitSizeProblem([1, 2].map((i) => ({ kind: 'write' as const, path: `f${i}.txt`, content: mb(4) })))).toBe(
      'The staged changes are 8.0 MB; one commit can carry at most 6.0 MB.',
    );
    // Characters are counted as UTF-8 bytes.
    expect(commitSizeProblem([{ kind: 'rename', from: 'a', path: 'b', content: 'é'.repeat(3 * 1024 * 1024) }])).toMatch(/6\.0 MB/);
  });
});
