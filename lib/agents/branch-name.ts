import { branchNameProblem } from '@/lib/github/branch-names';
import { AppError } from '@/lib/errors';

/** A few words of the task, as a branch-safe slug: "Fix the login bug!" → "fix-the-login-bug". */
export function taskSlug(task: string, maxLength = 40): string {
  const slug = task
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (slug.length <= maxLength) return slug || 'task';
  // Cut at a word boundary when there is one.
  const cut = slug.slice(0, maxLength + 1);
  const lastDash = cut.lastIndexOf('-');
  return lastDash > 0 ? cut.slice(0, lastDash) : slug.slice(0, maxLength);
}

/**
 * The agent's own branch: `agent/<slug-of-task>-<short id>`, or `<prefix><slug>-<short id>` when the
 * user gave a prefix. The short id makes it unique; git's rules are checked before GitHub is called.
 */
export function agentBranchName(task: string, agentId: string, prefix?: string | null): string {
  const name = `${prefix ?? 'agent/'}${taskSlug(task)}-${agentId.replaceAll('-', '').slice(0, 8)}`;
  const problem = branchNameProblem(name);
  if (problem) throw new AppError('validation_failed', `The branch prefix makes an invalid branch name "${name}": ${problem}`);
  return name;
}
