import { type Kysely, sql } from 'kysely';
import type { Database } from '@/lib/db/schema';
import {
  branchKey,
  PRESENCE_OFFLINE_AFTER_MS,
  type PresenceCursor,
  type PresenceEntry,
  type PresenceSelection,
  type WorkspaceBranch,
} from './collab-protocol';
import type { WorkspacePage } from './urls';

/**
 * Who is on a branch: one row per (user, branch). `heartbeat_at` says they are there; `updated_at` when
 * they last changed page, cursor or selection (so idle people show as idle); `left_at` that their last
 * stream closed. Offline = heartbeat older than 30 s, or left since the last heartbeat.
 *
 * Writes go through one `PresenceWriter` per process (DESIGN.md, "Realtime", cost model): a PUT is
 * queued and answered at once; every ~50 ms the queue is written as ONE multi-row UPSERT that sends one
 * NOTIFY per branch (`workspace_presence`, payload: routing key and the user ids), so write
 * transactions grow with instances, not with people. An open stream is the heartbeat: the writer
 * keeps its user's row alive with one UPDATE every ~10 s for all of the process's streams, which
 * notifies nobody unless it brings someone back online; a closed stream's user goes offline after a
 * grace period unless a stream (here or on another instance) holds them again. A dead instance's
 * users are noticed by everyone else's sweep (`presenceExpired`) once their heartbeat is 30 s old.
 */

export interface PresenceState {
  page: WorkspacePage;
  cursor: PresenceCursor | null;
  selection: PresenceSelection | null;
}

/** Users seen longer ago than this are left out of a branch's list entirely. */
const LISTED_FOR_MS = 10 * 60_000;

/** A branch's NOTIFY names at most this many users; more, and streams re-read the whole list. */
const NOTIFY_USERS_MAX = 50;

export const PRESENCE_BATCH_MS = 50;
export const PRESENCE_KEEPALIVE_MS = 10_000;
/** Long enough for a reload (or a reconnect to another instance) not to show the person leaving. */
export const PRESENCE_GRACE_MS = 5_000;

interface PresenceKey {
  userId: string;
  branch: WorkspaceBranch;
}

const keyOf = (userId: string, branch: WorkspaceBranch) => `${userId}\n${branchKey(branch)}`;

/** The key columns of `rows` as parallel arrays, for `unnest` (one parameter per column, any number of rows). */
function keyColumns(rows: readonly PresenceKey[]) {
  return {
    users: rows.map((row) => row.userId),
    owners: rows.map((row) => row.branch.owner),
    repos: rows.map((row) => row.branch.repo),
    branches: rows.map((row) => row.branch.branch),
  };
}

/**
 * One NOTIFY per branch of the rows a statement returned (`written`: user_id, owner, repo, branch).
 * The random `n` keeps two batches' payloads distinct (identical payloads in one transaction merge).
 */
const notifyPerBranch = sql`
  SELECT pg_notify('workspace_presence', json_build_object(
    'n', gen_random_uuid(),
    'key', owner || '/' || repo || '/' || branch,
    'users', CASE WHEN count(*) <= ${NOTIFY_USERS_MAX} THEN json_agg(user_id) END)::text)
  FROM written GROUP BY owner, repo, branch`;

/** Writes the states (at most one per user and branch) in one statement, then notifies each branch once. */
async function writeStates(db: Kysely<Database>, rows: ReadonlyArray<PresenceKey & { state: PresenceState }>): Promise<void> {
  const { users, owners, repos, branches } = keyColumns(rows);
  const pages = rows.map((row) => row.state.page);
  const cursors = rows.map((row) => (row.state.cursor ? JSON.stringify(row.state.cursor) : null));
  const selections = rows.map((row) => (row.state.selection ? JSON.stringify(row.state.selection) : null));
  await sql`
    WITH written AS (
      INSERT INTO workspace_presence AS p (user_id, owner, repo, branch, page, cursor, selection, heartbeat_at, updated_at, left_at)
      SELECT u, o, r, b, pg, c::jsonb, s::jsonb, now(), now(), NULL
      FROM unnest(${users}::text[], ${owners}::text[], ${repos}::text[], ${branches}::text[], ${pages}::text[], ${cursors}::text[], ${selections}::text[])
        AS t(u, o, r, b, pg, c, s)
      ON CONFLICT (user_id, owner, repo, branch) DO UPDATE SET
        page = excluded.page, cursor = excluded.cursor, selection = excluded.selection, heartbeat_at = now(), left_at = NULL,
        -- A PUT repeating the state it had is no activity; only a different page, cursor or selection is.
        updated_at = CASE WHEN (p.page, p.cursor, p.selection) IS DISTINCT FROM (excluded.page, excluded.cursor, excluded.selection)
          THEN now() ELSE p.updated_at END
      RETURNING p.user_id, p.owner, p.repo, p.branch
    )
    ${notifyPerBranch}`.execute(db);
}

/** Heartbeats for users whose streams are open; notifies only branches where someone comes back online. */
async function touch(db: Kysely<Database>, rows: readonly PresenceKey[]): Promise<void> {
  const { users, owners, repos, branches } = keyColumns(rows);
  await sql`
    WITH held AS (
      SELECT q.user_id, q.owner, q.repo, q.branch,
        (q.left_at IS NOT NULL OR q.heartbeat_at <= now() - make_interval(secs => ${PRESENCE_OFFLINE_AFTER_MS / 1000})) AS revived
      FROM workspace_presence q
      JOIN unnest(${users}::text[], ${owners}::text[], ${repos}::text[], ${branches}::text[]) AS t(u, o, r, b)
        ON (q.user_id, q.owner, q.repo, q.branch) = (t.u, t.o, t.r, t.b)
    ), touched AS (
      UPDATE workspace_presence p SET heartbeat_at = now(), left_at = NULL
      FROM held h WHERE (p.user_id, p.owner, p.repo, p.branch) = (h.user_id, h.owner, h.repo, h.branch)
      RETURNING p.user_id, p.owner, p.repo, p.branch, h.revived
    ), written AS (SELECT * FROM touched WHERE revived)
    ${notifyPerBranch}`.execute(db);
}

/**
 * Marks users offline whose streams closed `graceMs` ago, unless a heartbeat came since (a reload, or
 * a stream of theirs on another instance).
 */
async function markLeft(db: Kysely<Database>, rows: readonly PresenceKey[], graceMs: number): Promise<void> {
  const { users, owners, repos, branches } = keyColumns(rows);
  await sql`
    WITH written AS (
      UPDATE workspace_presence p SET left_at = now()
      FROM unnest(${users}::text[], ${owners}::text[], ${repos}::text[], ${branches}::text[]) AS t(u, o, r, b)
      WHERE (p.user_id, p.owner, p.repo, p.branch) = (t.u, t.o, t.r, t.b)
        AND p.left_at IS NULL AND p.heartbeat_at <= now() - make_interval(secs => ${graceMs / 1000})
      RETURNING p.user_id, p.owner, p.repo, p.branch
    )
    ${notifyPerBranch}`.execute(db);
}

export interface PresenceWriterOptions {
  batchMs?: number;
  keepAliveMs?: number;
  graceMs?: number;
  onError?: (error: unknown) => void;
}

export interface PresenceWriter {
  /** Queues the user's state on the branch; written with everyone else's in the next batch. */
  put(userId: string, branch: WorkspaceBranch, state: PresenceState): void;
  /**
   * Keeps the user present on the branch while a stream of theirs is open; returns the release.
   * After the last release, the user goes offline once the grace period has passed without a new hold.
   */
  hold(userId: string, branch: WorkspaceBranch): () => void;
  /**
   * Another instance marked offline a user this process still holds (their tab there closed, a tab here
   * is open, and this process's heartbeat was older than the grace period): heartbeats them at once.
   * True when it did, i.e. the offline entry is about to be undone.
   */
  reclaim(userId: string, branch: WorkspaceBranch): boolean;
  /** Writes everything queued now (including offline marks already due); resolves when it is written. */
  flush(): Promise<void>;
  /** Flushes and stops; later puts and holds are ignored. Held users are left to expire (or be held elsewhere). */
  close(): Promise<void>;
}

export function createPresenceWriter(db: Kysely<Database>, options: PresenceWriterOptions = {}): PresenceWriter {
  const {
    batchMs = PRESENCE_BATCH_MS,
    keepAliveMs = PRESENCE_KEEPALIVE_MS,
    graceMs = PRESENCE_GRACE_MS,
    onError = (error: unknown) => console.error('[presence] write failed:', error instanceof Error ? error.message : error),
  } = options;
  /** Latest state per (user, branch): a burst of cursor moves is one row in the batch. */
  let states = new Map<string, PresenceKey & { state: PresenceState }>();
  let touches = new Map<string, PresenceKey>();
  let leaving = new Map<string, PresenceKey>();
  const held = new Map<string, PresenceKey & { streams: number }>();
  const graceTimers = new Map<string, ReturnType<typeof setTimeout>>();
  let batchTimer: ReturnType<typeof setTimeout> | undefined;
  let keepAliveTimer: ReturnType<typeof setInterval> | undefined;
  let writing: Promise<void> | null = null;
  let closed = false;

  const pending = () => states.size + touches.size + leaving.size > 0;

  const schedule = () => {
    if (batchTimer || closed) return;
    batchTimer = setTimeout(() => {
      batchTimer = undefined;
      void flush();
    }, batchMs);
  };

  /** One write at a time; what is queued meanwhile goes in the next. */
  const writeBatch = async () => {
    const batch = { states, touches, leaving };
    states = new Map();
    touches = new Map();
    leaving = new Map();
    const statements: Array<(executor: Kysely<Database>) => Promise<void>> = [];
    if (batch.states.size) statements.push((executor) => writeStates(executor, [...batch.states.values()]));
    if (batch.touches.size) statements.push((executor) => touch(executor, [...batch.touches.values()]));
    if (batch.leaving.size) statements.push((executor) => markLeft(executor, [...batch.leaving.values()], graceMs));
    try {
      if (statements.length === 1) await statements[0]!(db);
      else await db.transaction().execute(async (trx) => {
        for (const statement of statements) await statement(trx);
      });
    } catch (error) {
      onError(error);
      // Nothing is lost: the batch goes back in the queue, behind anything newer for the same key.
      for (const [key, row] of batch.states) if (!states.has(key)) states.set(key, row);
      for (const [key, row] of batch.touches) if (!touches.has(key)) touches.set(key, row);
      for (const [key, row] of batch.leaving) if (!leaving.has(key) && !held.has(key)) leaving.set(key, row);
      throw error;
    }
  };

  async function flush(): Promise<void> {
    clearTimeout(batchTimer);
    batchTimer = undefined;
    while (writing) await writing.catch(() => {});
    if (!pending()) return;
    writing = writeBatch().finally(() => {
      writing = null;
      if (pending()) schedule();
    });
    await writing.catch(() => {});
  }

  const keepAlive = () => {
    for (const [key, { userId, branch }] of held) touches.set(key, { userId, branch });
    schedule();
  };

  return {
    put(userId, branch, state) {
      if (closed) return;
      states.set(keyOf(userId, branch), { userId, branch, state });
      schedule();
    },
    hold(userId, branch) {
      if (closed) return () => {};
      const key = keyOf(userId, branch);
      clearTimeout(graceTimers.get(key));
      graceTimers.delete(key);
      leaving.delete(key);
      const entry = held.get(key);
      if (entry) entry.streams += 1;
      else {
        held.set(key, { userId, branch, streams: 1 });
        // At once, not at the next keepalive: a reload that lands on another instance must beat the grace period.
        touches.set(key, { userId, branch });
        schedule();
      }
      if (!keepAliveTimer) {
        keepAliveTimer = setInterval(keepAlive, keepAliveMs);
        keepAliveTimer.unref();
      }
      let released = false;
      return () => {
        const current = held.get(key);
        if (released || !current) return;
        released = true;
        current.streams -= 1;
        if (current.streams > 0) return;
        held.delete(key);
        if (held.size === 0) {
          clearInterval(keepAliveTimer);
          keepAliveTimer = undefined;
        }
        if (closed) return;
        const timer = setTimeout(() => {
          graceTimers.delete(key);
          leaving.set(key, { userId, branch });
          schedule();
        }, graceMs);
        timer.unref();
        graceTimers.set(key, timer);
      };
    },
    reclaim(userId, branch) {
      const key = keyOf(userId, branch);
      if (closed || !held.has(key)) return false;
      touches.set(key, { userId, branch });
      schedule();
      return true;
    },
    flush,
    async close() {
      closed = true;
      clearInterval(keepAliveTimer);
      keepAliveTimer = undefined;
      for (const timer of graceTimers.values()) clearTimeout(timer);
      graceTimers.clear();
      await flush();
    },
  };
}

const GLOBAL_WRITER = Symbol.for('webedt.presence.writer');
type WriterGlobal = typeof globalThis & { [GLOBAL_WRITER]?: PresenceWriter };

/**
 * The process's writer, on `globalThis` like the listener (dev reloads must not start a second one).
 * On SIGTERM/SIGINT what is queued is written before Next.js finishes its own shutdown, which first
 * waits for open connections to end.
 */
export function presenceWriter(db: Kysely<Database>): PresenceWriter {
  const store = globalThis as WriterGlobal;
  const existing = store[GLOBAL_WRITER];
  if (existing) return existing;
  const writer = createPresenceWriter(db);
  store[GLOBAL_WRITER] = writer;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void writer.close());
  return writer;
}

function branchPresence(db: Kysely<Database>, { owner, repo, branch }: WorkspaceBranch) {
  return db
    .selectFrom('workspace_presence as p')
    .innerJoin('users as u', 'u.id', 'p.user_id')
    .select(['p.user_id', 'p.page', 'p.cursor', 'p.selection', 'p.heartbeat_at', 'p.left_at', 'u.login', 'u.name', 'u.avatar_url'])
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
    online: ageMs < PRESENCE_OFFLINE_AFTER_MS && row.left_at === null,
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

/** The entries of `userIds` on the branch (one read); a user without a row is not in the result. */
export async function presenceOfUsers(db: Kysely<Database>, branch: WorkspaceBranch, userIds: readonly string[]): Promise<PresenceEntry[]> {
  if (userIds.length === 0) return [];
  const rows = await branchPresence(db, branch).where('p.user_id', 'in', userIds).execute();
  return rows.map(toEntry);
}

export interface ExpiredPresence {
  /** Users whose heartbeat turned 30 s old since the previous sweep, with their branch keys. */
  expired: Array<{ userId: string; key: string }>;
  /** The database's clock at this sweep, to the microsecond: the next one starts here. */
  checkedAt: string;
}

/**
 * Who went offline by silence since `since` (database time; null: the last `firstWindowMs`): their
 * streams' instance died, or they had no stream and stopped sending. Nobody writes when that happens,
 * so every process with streams open sweeps for it; it is a read, not a write.
 */
export async function presenceExpired(db: Kysely<Database>, since: string | null, firstWindowMs: number): Promise<ExpiredPresence> {
  const offlineAfter = sql`make_interval(secs => ${PRESENCE_OFFLINE_AFTER_MS / 1000})`;
  const from = since !== null ? sql`${since}::timestamptz` : sql`now() - make_interval(secs => ${firstWindowMs / 1000})`;
  // Agents and Live Chat turns (branch_participants) go silent the same way when their process dies.
  const { rows } = await sql<{ user_id: string | null; key: string | null; checked_at: string }>`
    SELECT p.user_id, p.owner || '/' || p.repo || '/' || p.branch AS key, n.now::text AS checked_at
    FROM (SELECT now() AS now) n
    LEFT JOIN LATERAL (
      SELECT user_id, owner, repo, branch FROM workspace_presence
        WHERE left_at IS NULL AND heartbeat_at <= n.now - ${offlineAfter} AND heartbeat_at > ${from} - ${offlineAfter}
      UNION ALL
      SELECT id, owner, repo, branch FROM branch_participants
        WHERE heartbeat_at <= n.now - ${offlineAfter} AND heartbeat_at > ${from} - ${offlineAfter}
    ) p ON true`.execute(db);
  return {
    expired: rows.flatMap((row) => (row.user_id && row.key ? [{ userId: row.user_id, key: row.key }] : [])),
    checkedAt: rows[0]!.checked_at,
  };
}
