import { describe, expect, it } from 'vitest';
import { ancestorsOf, indexFolders, searchFiles, visibleRows } from '@/lib/code/file-tree';

const files = ['README.md', 'src/main.ts', 'src/Game.js', 'src/lib/util.ts', 'assets/images/player.png', 'b.txt'];
const folders = ['src', 'src/lib', 'assets', 'assets/images', 'empty'];

describe('file tree rows', () => {
  const index = indexFolders(files, folders);

  it('lists folders before files, by name regardless of case, only inside expanded folders', () => {
    expect(visibleRows(index, new Set()).map((row) => row.path)).toEqual(['assets', 'empty', 'src', 'b.txt', 'README.md']);
    const rows = visibleRows(index, new Set(['src', 'src/lib']));
    expect(rows.map((row) => [row.path, row.depth, row.kind])).toEqual([
      ['assets', 0, 'folder'],
      ['empty', 0, 'folder'],
      ['src', 0, 'folder'],
      ['src/lib', 1, 'folder'],
      ['src/lib/util.ts', 2, 'file'],
      ['src/Game.js', 1, 'file'],
      ['src/main.ts', 1, 'file'],
      ['b.txt', 0, 'file'],
      ['README.md', 0, 'file'],
    ]);
    expect(rows.find((row) => row.path === 'src')).toMatchObject({ expanded: true, position: 3, siblings: 5 });
  });

  it('an expanded folder inside a collapsed one stays hidden', () => {
    expect(visibleRows(index, new Set(['assets/images'])).some((row) => row.path === 'assets/images/player.png')).toBe(false);
  });

  it('reveals a file by opening every folder above it', () => {
    expect(ancestorsOf('assets/images/player.png')).toEqual(['assets/images', 'assets']);
    expect(ancestorsOf('top.txt')).toEqual([]);
  });
});

describe('file search', () => {
  it('matches every word anywhere in the path, name matches first', () => {
    expect(searchFiles(files, '.ts')).toEqual(['src/main.ts', 'src/lib/util.ts']);
    expect(searchFiles(files, 'ts')).toContain('assets/images/player.png');
    expect(searchFiles(files, 'src util')).toEqual(['src/lib/util.ts']);
    expect(searchFiles(files, 'GAME')).toEqual(['src/Game.js']);
    expect(searchFiles(files, 'images')).toEqual(['assets/images/player.png']);
    expect(searchFiles(files, '   ')).toEqual([]);
    expect(searchFiles(files, 'zzz')).toEqual([]);
  });

  it('stops at the limit', () => {
    const many = Array.from({ length: 2_000 }, (_, i) => `gen/file-${i}.txt`);
    expect(searchFiles(many, 'file', 50)).toHaveLength(50);
  });
});
