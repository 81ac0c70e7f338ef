import { describe, expect, it } from 'vitest';
import { gitAccepts } from '@/tests/support/git-refs';
import { branchNameProblem } from '@/lib/github/branch-names';
import { githubBranchUrl } from '@/lib/github/web-urls';
import { autoBranchName, randomSuffix } from '@/lib/workspace/new-branch';
import { decodeSegment, encodeBranch, workspaceOfPath } from '@/lib/workspace/urls';
import { recentFirst } from '@/lib/workspace/visits';

describe('generated branch names', () => {
  it('are valid for git and for our own check, and differ each time', () => {
    const names = Array.from({ length: 20 }, () => autoBranchName(new Date('2026-11-25T10:00:00Z')));
    for (const name of names) {
      expect(name).toMatch(/^webedt\/20261125-[a-z2-9]{6}$/);
      expect(branchNameProblem(name)).toBeNull();
      expect(gitAccepts(name)).toBe(true);
    }
    expect(new Set(names).size).toBe(names.length);
    expect(randomSuffix(10)).toMatch(/^[a-z2-9]{10}$/);
  });

  it('link to the branch on GitHub with its slashes kept', () => {
    expect(githubBranchUrl('http://127.0.0.1:3190/', 'alice', 'sample-game', 'feature/ü 1')).toBe(
      'http://127.0.0.1:3190/alice/sample-game/tree/feature/%C3%BC%201',
    );
  });
});

describe('decodeSegment (Next.js passes dynamic segments still encoded)', () => {
  it.each(['feature/login', 'a.b-c_d', 'claude/x/y/z', 'ünïcödé/ветка', '100%', 'a%2Fb'])('inverts encodeBranch for %j', (name) => {
    expect(decodeSegment(encodeBranch(name))).toBe(name);
  });

  it('refuses malformed encodings', () => {
    expect(decodeSegment('100%')).toBeNull();
    expect(decodeSegment('%E0%A4%A')).toBeNull();
  });
});

describe('recentFirst', () => {
  const repo = (owner: string, name: string) => ({ owner, name });
  const visit = (owner: string, repo: string) => ({ owner, repo }) as Parameters<typeof recentFirst>[1][number];

  it('puts recently visited repositories first, most recent first, and keeps the rest in order', () => {
    const repos = [repo('a', 'one'), repo('a', 'two'), repo('b', 'three'), repo('c', 'four')];
    const recent = [visit('c', 'four'), visit('A', 'TWO'), visit('c', 'four')];
    expect(recentFirst(repos, recent).map((r) => r.name)).toEqual(['four', 'two', 'one', 'three']);
  });
});

describe('workspaceOfPath (the command palette reads the browser path)', () => {
  it('finds owner, repo, branch (decoded once) and page', () => {
    expect(workspaceOfPath('/github/alice/sample-game/feature%2Flogin/code')).toEqual({ owner: 'alice', repo: 'sample-game', branch: 'feature/login', page: 'code' });
    expect(workspaceOfPath('/github/alice/sample-game/100%25/chat')).toEqual({ owner: 'alice', repo: 'sample-game', branch: '100%', page: 'chat' });
    expect(workspaceOfPath('/github/alice/sample-game/main')).toMatchObject({ branch: 'main', page: 'preview' });
  });

  it('is null outside a workspace page', () => {
    expect(workspaceOfPath('/agents')).toBeNull();
    expect(workspaceOfPath('/github/alice/sample-game')).toBeNull();
    expect(workspaceOfPath('/github/alice/sample-game/main/settings')).toBeNull();
  });
});
