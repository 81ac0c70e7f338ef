import { describe, expect, it } from 'vitest';
import { errorSentence, toAppError } from '@/lib/errors';

/** What Octokit throws: a RequestError named "HttpError" with GitHub's status and body. */
function httpError(status: number, data: unknown, headers: Record<string, string> = {}): Error {
  return Object.assign(new Error(`${(data as { message?: string }).message ?? ''}: ${JSON.stringify(data)} - https://docs.github.com/rest`), {
    name: 'HttpError',
    status,
    response: { status, headers, data },
  });
}

const validationFailed = (message: string) =>
  httpError(422, {
    message: 'Validation Failed',
    errors: [{ resource: 'PullRequest', code: 'custom', message }],
    documentation_url: 'https://docs.github.com/rest/pulls/pulls#create-a-pull-request',
  });

describe('GitHub errors reach people as plain sentences', () => {
  it('says what to do for the refusals people meet, never the JSON body or the docs link', () => {
    const noCommits = toAppError(validationFailed('No commits between main and agent/fix-3f2a9c1e'));
    expect(noCommits).toMatchObject({ code: 'conflict', status: 409 });
    expect(noCommits.message).toBe(
      'agent/fix-3f2a9c1e has no commits that main does not have, so there is nothing to propose yet. Commit a change to agent/fix-3f2a9c1e first.',
    );
    expect(toAppError(validationFailed('A pull request already exists for alice:x.')).message).toBe(
      'A pull request for this branch is already open. Continue in that one on GitHub.',
    );
    expect(toAppError(httpError(422, { message: 'Reference already exists' })).message).toBe('A branch with that name already exists. Choose another name.');
    expect(toAppError(httpError(422, { message: 'Update is not a fast forward' })).message).toMatch(/^The branch moved on GitHub/);
  });

  it('keeps GitHub’s own words for other refusals, without JSON', () => {
    const other = toAppError(httpError(422, { message: 'Validation Failed', errors: [{ resource: 'Tree', field: 'path', code: 'missing_field' }] }));
    expect(other.message).toBe('GitHub refused this (path is missing field). Reload the page and try again; if it keeps failing, check the repository on GitHub.');
    for (const error of [other, toAppError(validationFailed('something new'))]) {
      expect(error.message).not.toMatch(/[{}]|Validation Failed|https:/);
    }
  });

  it('covers every status: credentials, rate limit, access, missing, outage, other', () => {
    expect(toAppError(httpError(401, { message: 'Bad credentials' })).code).toBe('unauthorized');
    expect(toAppError(httpError(403, { message: 'limit' }, { 'x-ratelimit-remaining': '0' })).code).toBe('rate_limited');
    expect(toAppError(httpError(403, { message: 'Must have admin rights' })).message).toMatch(/Ask an owner of the repository/);
    expect(toAppError(httpError(404, { message: 'Not Found' })).code).toBe('not_found');
    expect(toAppError(httpError(502, { message: 'Bad gateway' })).code).toBe('github_unavailable');
    expect(toAppError(httpError(400, { message: 'Problems parsing JSON' })).message).toBe(
      'GitHub refused this (Problems parsing JSON). Reload the page and try again; if it keeps failing, check the repository on GitHub.',
    );
  });

  it('errorSentence translates GitHub errors and keeps other errors’ own words (for the agent log)', () => {
    expect(errorSentence(validationFailed('No commits between main and b'))).toMatch(/^b has no commits that main/);
    expect(errorSentence(new Error('Someone else changed a.ts on b meanwhile.'))).toBe('Someone else changed a.ts on b meanwhile.');
  });
});
