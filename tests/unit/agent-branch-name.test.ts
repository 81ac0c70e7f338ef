import { describe, expect, it } from 'vitest';
import { agentBranchName, taskSlug } from '@/lib/agents/branch-name';
import { gitAccepts } from '@/tests/support/git-refs';

describe('agent branch names', () => {
  it('slug the task into a few readable words', () => {
    expect(taskSlug('Fix the login bug!')).toBe('fix-login-bug');
    expect(taskSlug('Ünïcödé — über   Straße')).toBe('unicode-uber-stra-e');
    expect(taskSlug('!!!')).toBe('task');
    expect(taskSlug('Add a very long feature description that keeps going and going forever')).toBe('add-very-long-feature-description-that');
    expect(taskSlug('x'.repeat(300))).toBe('x'.repeat(40));
  });

  it('leave out what is noise in a branch name: tags, links, timestamps, polite openers, later lines', () => {
    expect(taskSlug('Retitle the README 1764871234567 [scenario:slow-edit]')).toBe('retitle-readme');
    expect(taskSlug('Please could you fix the crash in src/main.ts (see https://example.com/issues/4?x=1)')).toBe('fix-crash-in-src-main-ts');
    expect(taskSlug('Add level 2\n\nWith three platforms and a boss.')).toBe('add-level-2');
    expect(taskSlug('Can you make {{the title}} <b>bold</b>')).toBe('make-bold');
  });

  it('are agent/<slug>-<short id> or use the prefix, and git accepts them', () => {
    const id = '3f2a9c1e-0000-4000-8000-000000000000';
    expect(agentBranchName('Fix the login bug', id)).toBe('agent/fix-login-bug-3f2a9c1e');
    expect(agentBranchName('Fix the login bug', id, 'feature/')).toBe('feature/fix-login-bug-3f2a9c1e');
    for (const task of ['Fix the login bug', '..', 'x'.repeat(300), 'a/b\\c:d']) expect(gitAccepts(agentBranchName(task, id))).toBe(true);
  });

  it('refuse a prefix that breaks git rules', () => {
    expect(() => agentBranchName('task', 'abcdef12', 'bad..prefix/')).toThrow(/invalid branch name/);
  });
});
