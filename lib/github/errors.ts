import type { ErrorCode } from '@/lib/errors';

/** How GitHub's errors reach people: the one translation of its statuses and bodies into plain sentences. */

export interface GitHubFailure {
  code: ErrorCode;
  message: string;
}

const failure = (code: ErrorCode, message: string): GitHubFailure => ({ code, message });

/**
 * What GitHub said in a 4xx body, as short phrases: each entry of `errors` (a 422's field errors) or else
 * `message`. "Validation Failed" alone says nothing, and the body is never shown as JSON.
 */
function gitHubReasons(data: unknown): string[] {
  const body = (data ?? {}) as { message?: unknown; errors?: unknown };
  const errors = Array.isArray(body.errors) ? body.errors : [];
  const reasons = errors.map((entry) => {
    if (typeof entry === 'string') return entry;
    const { message, field, code } = (entry ?? {}) as { message?: unknown; field?: unknown; code?: unknown };
    if (typeof message === 'string') return message;
    return typeof field === 'string' ? `${field} is ${typeof code === 'string' ? code.replaceAll('_', ' ') : 'invalid'}` : '';
  });
  if (typeof body.message === 'string' && body.message !== 'Validation Failed') reasons.push(body.message);
  return reasons.filter(Boolean);
}

/** GitHub's refusals people meet, each as what happened and what to do. */
const knownRefusals: Array<{ pattern: RegExp; say: (match: RegExpMatchArray) => string }> = [
  {
    pattern: /No commits between (\S+) and (\S+)/,
    say: ([, base, head]) => `${head} has no commits that ${base} does not have, so there is nothing to propose yet. Commit a change to ${head} first.`,
  },
  { pattern: /A pull request already exists/, say: () => 'A pull request for this branch is already open. Continue in that one on GitHub.' },
  { pattern: /Reference already exists/, say: () => 'A branch with that name already exists. Choose another name.' },
  {
    pattern: /not a fast.forward/i,
    say: () => 'The branch moved on GitHub while this change was being saved. Reload to get its latest version, then try again.',
  },
  { pattern: /Git Repository is empty/, say: () => 'This repository has no commits yet. Add a first commit on GitHub, then try again.' },
  { pattern: /Reference does not exist|Branch not found/, say: () => 'That branch no longer exists on GitHub. Pick another branch.' },
];

/**
 * Octokit's RequestError (name "HttpError") carries GitHub's status and body: what happened, as the error
 * code and the plain sentence people are shown (`toAppError` makes it an AppError); null for other errors.
 */
export function gitHubFailure(error: unknown): GitHubFailure | null {
  if (!(error instanceof Error) || error.name !== 'HttpError') return null;
  const { status, response } = error as Error & { status?: number; response?: { headers?: Record<string, string>; data?: unknown } };
  const headers = response?.headers ?? {};
  if (status === 401) return failure('unauthorized', 'GitHub did not accept your credentials. Please sign in again.');
  if ((status === 403 || status === 429) && (headers['x-ratelimit-remaining'] === '0' || headers['retry-after'])) {
    const reset = Number(headers['x-ratelimit-reset']);
    const when = reset ? ` after ${new Date(reset * 1000).toISOString()}` : ' in a minute';
    return failure('rate_limited', `GitHub's rate limit was reached. Try again${when}.`);
  }
  if (status === 403) {
    return failure('forbidden', 'GitHub does not allow this for your account. Ask an owner of the repository for the access it needs.');
  }
  if (status === 404) {
    return failure('not_found', 'GitHub could not find that repository, branch or file: it may have been renamed or deleted. Reload to see what is there now.');
  }
  if (status === undefined || status >= 500) return failure('github_unavailable', 'GitHub is not responding right now. Please try again in a moment.');
  const reasons = gitHubReasons(response?.data);
  for (const reason of reasons) {
    for (const { pattern, say } of knownRefusals) {
      const match = reason.match(pattern);
      if (match) return failure('conflict', say(match));
    }
  }
  const why = reasons.length ? ` (${reasons.join('; ')})` : '';
  return failure('conflict', `GitHub refused this${why}. Reload the page and try again; if it keeps failing, check the repository on GitHub.`);
}
