import { type Kysely, sql } from 'kysely';
import type { Database } from '@/lib/db/schema';
import {
  PRESENCE_OFFLINE_AFTER_MS,
  type PresenceCursor,
  type PresenceEntry,
  type PresenceSelection,
  type WorkspaceBranch,
} from './collab-protocol';
import type { WorkspacePage } from './urls';

/**
 * Who is on a branch: one row per (user, branch), UPSERTed by every heartbeat, cursor move and page
 * change. `heartbeat_at` says they are there; `updated_at` when they last changed page, cursor or
 * selection (so idle people show as idle). Its trigger notifies `workspace_presence`; streams then
 * read the row (see stream.ts).
 */

export interface PresenceState {
  page: WorkspacePage;
  cursor: PresenceCursor | null;
  selection: PresenceSelection | null;
}

/** Users seen longer ago than this are left out of a branch's list entirely. */
const LISTED_FOR_MS = 10 * 60_000;

export async function upsertPresence(
  db: Kysely<Database>,
  userId: string,
  { owner, repo, branch }: WorkspaceBranch,
  state: PresenceState,
): Promise<void> {
  const changes = {
    page: state.page,
    cursor: state.cursor ? JSON.stringify(state.cursor) : null,
    selection: state.selection ? JSON.stringify(state.selection) : null,
  };
  await db
    .insertInto('workspace_presence')
    .values({ user_id: userId, owner, repo, branch, ...changes, heartbeat_at: sql`now()`, updated_at: sql`now()` })
    .onConflict((conflict) =>
      conflict.columns(['user_id', 'owner', 'repo', 'branch']).doUpdateSet({
        ...changes,
        heartbeat_at: sql`now()`,
        // A heartbeat repeats the state it had; only a different page, cursor or selection is activity.
        updated_at: sql`CASE WHEN (workspace_presence.page, workspace_presence.cursor, workspace_presence.selection)
          IS DISTINCT FROM (excluded.page, excluded.cursor, excluded.selection) THEN now() ELSE workspace_presence.updated_at END`,
      }),
    )
    .execute();
}

function branchPresence(db: Kysely<Database>, { owner, repo, branch }: WorkspaceBranch) {
  return db
    .selectFrom('workspace_presence as p')
    .innerJoin('users as u', 'u.id', 'p.user_id')
    .select(['p.user_id', 'p.page', 'p.cursor', 'p.selection', 'p.heartbeat_at', 'u.login', 'u.name', 'u.avatar_url'])
    // Measured by the database, the clock heartbeat_at was written with.
    .select(sql<number>`(extract(epoch from (now() - p.heartbeat_at)) * 1000)::float8`.as('age_ms'))
    .select(sql<number>`(extract(epoch from (now() - p.updated_at)) * 1000)::float8`.as('idle_ms'))
    .where('p.owner', '=', owner)
    .where('p.repo', '=', repo)
    .where('p.branch', '=', branch);
}

type PresenceRow = Awaited<ReturnType<ReturnType<typeof branchPresence>['executeTakeFirstOrThrow']>>;

function toEntry(row: PresenceRow): PresenceEntry {
  const ageMs = Math.max(0, Math.round(row.age_ms));
  return {
    user: { id: row.user_id, login: row.login, name: row.name, avatarUrl: row.avatar_url },
    page: row.page as WorkspacePage,
    cursor: row.cursor as PresenceCursor | null,
    selection: row.selection as PresenceSelection | null,
    heartbeatAt: new Date(row.heartbeat_at).toISOString(),
    ageMs,
    idleMs: Math.max(0, Math.round(row.idle_ms)),
    online: ageMs < PRESENCE_OFFLINE_AFTER_MS,
  };
}

/** Everyone seen on the branch in the last few minutes, online or not, by name. */
export async function listPresence(db: Kysely<Database>, branch: WorkspaceBranch): Promise<PresenceEntry[]> {
  const rows = await branchPresence(db, branch)
    .where(sql<boolean>`p.heartbeat_at > now() - make_interval(secs => ${LISTED_FOR_MS / 1000})`)
    .orderBy(sql`lower(coalesce(u.name, u.login))`)
    .execute();
  return rows.map(toEntry);
}

export async function presenceOfUser(db: Kysely<Database>, branch: WorkspaceBranch, userId: string): Promise<PresenceEntry | null> {
  const row = await branchPresence(db, branch).where('p.user_id', '=', userId).executeTakeFirst();
  return row ? toEntry(row) : null;
}
