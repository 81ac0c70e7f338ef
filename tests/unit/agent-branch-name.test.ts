import { describe, expect, it } from 'vitest';
import { agentBranchName, taskSlug } from '@/lib/agents/branch-name';
import { gitAccepts } from '@/tests/support/git-refs';

describe('agent branch names', () => {
  it('slug the task into a few readable words', () => {
    expect(taskSlug('Fix the login bug!')).toBe('fix-the-login-bug');
    expect(taskSlug('Ünïcödé — über   Straße')).toBe('unicode-uber-stra-e');
    expect(taskSlug('!!!')).toBe('task');
    expect(taskSlug('Add a very long feature description that keeps going and going forever')).toBe('add-a-very-long-feature-description-that');
  });

  it('are agent/<slug>-<short id> or use the prefix, and git accepts them', () => {
    const id = '3f2a9c1e-0000-4000-8000-000000000000';
    expect(agentBranchName('Fix the login bug', id)).toBe('agent/fix-the-login-bug-3f2a9c1e');
    expect(agentBranchName('Fix the login bug', id, 'feature/')).toBe('feature/fix-the-login-bug-3f2a9c1e');
    for (const task of ['Fix the login bug', '..', 'x'.repeat(300), 'a/b\\c:d']) expect(gitAccepts(agentBranchName(task, id))).toBe(true);
  });

  it('refuse a prefix that breaks git rules', () => {
    expect(() => agentBranchName('task', 'abcdef12', 'bad..prefix/')).toThrow(/invalid branch name/);
  });
});
