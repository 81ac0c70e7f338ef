import type { Kysely } from 'kysely';
import { getGitHubAccessToken } from '@/lib/auth/tokens';
import type { Database } from '@/lib/db/schema';
import { createOctokit, type GitHubClient, type OctokitOptions } from './octokit';

/** An Octokit acting as the user: their token (renewed when due or rejected), their ETag cache. */
export function githubClientForUser(
  db: Kysely<Database>,
  userId: string,
  options: Pick<OctokitOptions, 'retryBaseMs'> = {},
): GitHubClient {
  return createOctokit({
    ...options,
    token: () => getGitHubAccessToken(db, userId),
    cacheKey: userId,
    onUnauthorized: (rejectedToken) => getGitHubAccessToken(db, userId, { force: true, rejectedToken }),
  });
}
