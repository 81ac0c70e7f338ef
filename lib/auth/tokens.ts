import { type Kysely, sql } from 'kysely';
import type { Database } from '@/lib/db/schema';
import { AppError } from '@/lib/errors';
import { type GitHubTokens, refreshGitHubTokens } from '@/lib/github/oauth';
import { decryptSecret, encryptSecret } from './crypto';

/** Refresh this long before GitHub's expiry so a request never starts with a token about to lapse. */
const REFRESH_MARGIN_MS = 5 * 60 * 1000;

export interface GitHubProfile {
  id: number;
  login: string;
  name?: string | null;
  email?: string | null;
  avatar_url?: string | null;
}

function encryptedColumns(tokens: GitHubTokens) {
  return {
    access_token_enc: encryptSecret(tokens.accessToken),
    access_token_expires_at: tokens.accessTokenExpiresAt,
    refresh_token_enc: tokens.refreshToken ? encryptSecret(tokens.refreshToken) : null,
    refresh_token_expires_at: tokens.refreshTokenExpiresAt,
  };
}

/** Creates or updates the user for a GitHub identity and stores its tokens encrypted. Returns our user id. */
export async function upsertGitHubUser(db: Kysely<Database>, profile: GitHubProfile, tokens: GitHubTokens): Promise<string> {
  const columns = {
    login: profile.login,
    name: profile.name ?? null,
    email: profile.email ?? null,
    avatar_url: profile.avatar_url ?? null,
    ...encryptedColumns(tokens),
  };
  const row = await db
    .insertInto('users')
    .values({ github_id: profile.id, ...columns })
    .onConflict((conflict) => conflict.column('github_id').doUpdateSet({ ...columns, updated_at: sql`now()` }))
    .returning('id')
    .executeTakeFirstOrThrow();
  await claimLegacyAgents(db, row.id, profile);
  return row.id;
}

/**
 * Agents of the previous system become the signed-in user's, so their history shows up under /agents:
 * those of the previous WebEDT server's user with this GitHub id (legacy_users), and seeded ones owned by
 * the GitHub identity itself (its numeric id or login).
 */
async function claimLegacyAgents(db: Kysely<Database>, userId: string, profile: GitHubProfile): Promise<void> {
  const githubId = String(profile.id);
  await db
    .updateTable('agents')
    .set({ user_id: userId })
    .where((eb) =>
      eb.or([
        eb('user_id', 'in', [githubId, profile.login]),
        eb('user_id', 'in', eb.selectFrom('legacy_users').select('id').where('github_id', '=', githubId)),
      ]),
    )
    .where('user_id', '!=', userId)
    .execute();
}

/**
 * A usable GitHub access token for the user, refreshed first when it is expired or about to
 * expire (or when `force` says GitHub just rejected it). The row is locked while refreshing:
 * refresh tokens are single-use, so two concurrent refreshes would sign the user out.
 */
export async function getGitHubAccessToken(
  db: Kysely<Database>,
  userId: string,
  options: { force?: boolean; rejectedToken?: string } = {},
): Promise<string> {
  // Nearly always the stored token is good: read it without the lock, or every request of one user
  // would queue on the row (bench/realtime.ts: 19 presence PUTs/s for one user with 64 clients).
  if (!options.force) {
    const stored = await db
      .selectFrom('users')
      .select(['access_token_enc', 'access_token_expires_at'])
      .where('id', '=', userId)
      .executeTakeFirst();
    const fresh = stored?.access_token_expires_at == null || stored.access_token_expires_at.getTime() - Date.now() >= REFRESH_MARGIN_MS;
    if (stored?.access_token_enc && fresh) return decryptSecret(stored.access_token_enc);
  }
  return db.transaction().execute(async (trx) => {
    const user = await trx
      .selectFrom('users')
      .select(['access_token_enc', 'access_token_expires_at', 'refresh_token_enc', 'refresh_token_expires_at'])
      .where('id', '=', userId)
      .forUpdate()
      .executeTakeFirst();
    if (!user?.access_token_enc) throw new AppError('unauthorized', 'Please sign in with GitHub.');
    const current = decryptSecret(user.access_token_enc);
    // Another request may have refreshed while this one waited for the lock.
    const alreadyReplaced = options.rejectedToken !== undefined && options.rejectedToken !== current;
    const expiresSoon =
      user.access_token_expires_at !== null && user.access_token_expires_at.getTime() - Date.now() < REFRESH_MARGIN_MS;
    if (alreadyReplaced || (!options.force && !expiresSoon)) return current;

    const refreshExpired = user.refresh_token_expires_at !== null && user.refresh_token_expires_at.getTime() <= Date.now();
    if (!user.refresh_token_enc || refreshExpired) {
      if (!options.force && user.access_token_expires_at && user.access_token_expires_at.getTime() > Date.now()) return current;
      throw new AppError('unauthorized', 'Your GitHub session has expired. Please sign in again.');
    }
    const tokens = await refreshGitHubTokens(decryptSecret(user.refresh_token_enc));
    await trx
      .updateTable('users')
      .set({ ...encryptedColumns(tokens), updated_at: sql`now()` })
      .where('id', '=', userId)
      .execute();
    return tokens.accessToken;
  });
}
