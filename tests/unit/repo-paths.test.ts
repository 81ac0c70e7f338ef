import { describe, expect, it } from 'vitest';
import { baseName, isWithin, normalizeRepoPath, parentFolder, repoPath, repoPathProblem } from '@/lib/github/paths';

describe('repository paths', () => {
  it('normalizes harmless variations to one canonical form', () => {
    expect(normalizeRepoPath('./src//main.ts')).toBe('src/main.ts');
    expect(normalizeRepoPath('src/./lua/')).toBe('src/lua');
    expect(normalizeRepoPath('docs/ünïcödé ファイル.md')).toBe('docs/ünïcödé ファイル.md');
    expect(repoPath.parse('a//b/')).toBe('a/b');
  });

  it.each([
    ['../escape', 'A path cannot contain "..".'],
    ['src/../../etc/passwd', 'A path cannot contain "..".'],
    ['/etc/passwd', 'A path must be relative to the repository root.'],
    ['\\\\server\\share', 'A path must be relative to the repository root.'],
    ['C:\\Windows', 'A path must be relative to the repository root.'],
    ['a\0b', 'A path cannot contain a NUL character.'],
    ['a\nb', 'A path cannot contain control characters.'],
    ['.git/config', 'A path cannot be inside ".git".'],
    ['src/.Git/hooks/pre-commit', 'A path cannot be inside ".git".'],
    ['', 'A path cannot be empty.'],
    ['./', 'A path cannot be empty.'],
    [`${'x'.repeat(256)}.txt`, 'A file or folder name cannot be longer than 255 bytes.'],
    [Array.from({ length: 20 }, () => 'f'.repeat(250)).join('/'), 'A path cannot be longer than 4096 bytes.'],
  ])('refuses %j', (input, problem) => {
    expect(repoPathProblem(input)).toBe(problem);
    expect(() => normalizeRepoPath(input)).toThrow(problem);
    expect(repoPath.safeParse(input).error?.issues[0]?.message).toBe(problem);
  });

  it('accepts names git allows that merely look unusual', () => {
    for (const ok of ['.github/workflows/ci.yml', '.gitignore', 'a..b/c', '...', 'with space/and-dash_1.txt', 'x.git']) {
      expect(repoPathProblem(ok), ok).toBeNull();
    }
  });

  it('splits paths into folder and name', () => {
    expect(parentFolder('a/b/c.txt')).toBe('a/b');
    expect(parentFolder('top.txt')).toBe('');
    expect(baseName('a/b/c.txt')).toBe('c.txt');
    expect(isWithin('a/b/c', 'a/b')).toBe(true);
    expect(isWithin('a/bc', 'a/b')).toBe(false);
    expect(isWithin('anything', '')).toBe(true);
  });
});
