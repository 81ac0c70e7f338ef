import { describe, expect, it } from 'vitest';
import { gitAccepts } from '@/tests/support/git-refs';
import { branchNameProblem } from '@/lib/github/branch-names';
import { encodeBranch, workspacePath } from '@/lib/workspace/urls';

const valid = ['main', 'feature/login', 'a.b-c_d', 'claude/x/y/z', 'ünïcödé/ブランチ', '100%', 'v1.2.3', 'a@b', 'x+y', 'fix#12', "it's", 'a{b}', 'a!b', 'emoji-🚀'];
const invalid = [
  '', '-leading', '/start', 'end/', 'a//b', 'dot.', 'a..b', '.hidden', 'x/.hidden', 'name.lock', 'x.lock/y',
  'a b', 'a~b', 'a^b', 'a:b', 'a?b', 'a*b', 'a[b', 'a\\b', 'a@{b', 'tab\there', 'nul\u0000', 'del\u007f',
];

describe('branch names follow git check-ref-format --branch', () => {
  it.each(valid)('accepts %j like git', (name) => {
    expect(gitAccepts(name)).toBe(true);
    expect(branchNameProblem(name)).toBeNull();
  });

  it.each(invalid.filter((name) => !name.includes('\u0000')))('rejects %j like git', (name) => {
    expect(gitAccepts(name)).toBe(false);
    expect(branchNameProblem(name)).toEqual(expect.any(String));
  });

  // `git check-ref-format --branch` expands `@` to the current branch, so these are checked on their own.
  it('rejects NUL, @, HEAD and names GitHub cannot store', () => {
    expect(branchNameProblem('@')).toMatch(/cannot be used/);
    expect(branchNameProblem('nul\u0000')).toMatch(/control/);
    expect(branchNameProblem('HEAD')).toMatch(/cannot be used/);
    expect(branchNameProblem('x'.repeat(256))).toMatch(/255 bytes/);
  });

  it('agrees with git on generated names', () => {
    const alphabet = ['a', 'b', '/', '.', '-', '@', '{', 'lock', ' ', '~', 'é', '%', '_'];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % alphabet.length;
    for (let i = 0; i < 300; i++) {
      const name = Array.from({ length: 1 + (i % 7) }, () => alphabet[next()]).join('');
      if (name === '@') continue;
      expect(branchNameProblem(name) === null, JSON.stringify(name)).toBe(gitAccepts(name));
    }
  });
});

describe('branch URL segments', () => {
  it.each(valid.filter(Boolean))('round-trips %j as one segment', (name) => {
    const segment = encodeBranch(name);
    expect(segment).not.toContain('/');
    expect(decodeURIComponent(segment)).toBe(name);
  });

  it('builds workspace paths with the branch as one segment', () => {
    expect(workspacePath('alice', 'sample-game', 'feature/login')).toBe('/github/alice/sample-game/feature%2Flogin/code');
    expect(workspacePath('alice', 'sample-game', '100%', 'chat')).toBe('/github/alice/sample-game/100%25/chat');
    expect(workspacePath('alice', 'sample-game', 'main', 'preview')).toBe('/github/alice/sample-game/main');
  });
});
