import { branchNameProblem } from '@/lib/github/branch-names';
import { AppError } from '@/lib/errors';

/** Words that open a request politely but say nothing about it. */
const OPENERS = new Set(['please', 'pls', 'kindly', 'could', 'can', 'would', 'will', 'you', 'hey', 'hi', 'hello', 'just']);
const ARTICLES = new Set(['a', 'an', 'the']);
const MAX_WORDS = 6;

/**
 * A few words of the task, as a branch-safe slug: "Please fix the login bug!" → "fix-login-bug". Only the
 * first line counts; links, bracketed tags (`[scenario:x]`), long numbers (timestamps, ids), articles and
 * polite openers are noise in a branch name.
 */
export function taskSlug(task: string, maxLength = 40): string {
  const words = task
    .split('\n')[0]!
    .replace(/[a-z][a-z0-9+.-]*:\/\/\S+/gi, ' ')
    .replace(/\[[^\]]*\]|\{[^}]*\}|<[^>]*>/g, ' ')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word && !ARTICLES.has(word) && !/^\d{5,}$/.test(word));
  while (words.length > 1 && OPENERS.has(words[0]!)) words.shift();
  let slug = '';
  for (const word of words.slice(0, MAX_WORDS)) {
    const next = slug ? `${slug}-${word}` : word;
    if (next.length > maxLength) {
      // A first word longer than the limit is cut; later ones are left out whole.
      if (!slug) slug = word.slice(0, maxLength);
      break;
    }
    slug = next;
  }
  return slug || 'task';
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
