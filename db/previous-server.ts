import { type Kysely, sql } from 'kysely';

/**
 * Adopting a database made by the previous WebEDT server (DESIGN.md, "Upgrading a database made by the
 * previous WebEDT server"). Its `chat_sessions`, `messages` and `events` are this project's legacy session
 * schema with other types and names; `adoptPreviousServer` reshapes them in place into the names, types and
 * constraints `0001_legacy_sessions` creates, so the later migrations carry them over like any other. Nothing
 * is lost:
 * - unknown columns and tables stay as they are;
 * - a status or a cost the new schema cannot hold is kept as text (`legacy_status`, `legacy_total_cost`);
 * - its users stay, as `legacy_users` (a GitHub sign-in with the same `github_id` claims their agents);
 * - its login sessions and its users' credentials move to the schema `legacy`, unused, until
 *   `npm run db:cleanup-legacy` removes them.
 */

export const LEGACY_SCHEMA = 'legacy';

/** Columns of its `users` that hold credentials (encrypted with its own key, or password hashes). */
const SECRET_COLUMNS = [
  'password_hash',
  'github_access_token',
  'claude_auth',
  'codex_auth',
  'gemini_auth',
  'openrouter_api_key',
  'image_ai_keys',
] as const;

/** Its sessions' timestamps are `timestamp` without zone; they were written in UTC. */
const TIMESTAMP_COLUMNS = {
  chat_sessions: ['created_at', 'completed_at', 'deleted_at', 'worker_last_activity'],
  messages: ['timestamp'],
  events: ['timestamp'],
} as const;

/** The previous server's index names → the ones `0001_legacy_sessions` gives and later migrations rename. */
const INDEX_NAMES = [
  ['idx_chat_sessions_user_id', 'chat_sessions_user_id_idx', 'chat_sessions', 'user_id'],
  ['idx_messages_chat_session_id', 'messages_chat_session_id_idx', 'messages', 'chat_session_id'],
  ['idx_events_chat_session_id', 'events_chat_session_id_idx', 'events', 'chat_session_id'],
] as const;

async function columnTypes(db: Kysely<unknown>, table: string): Promise<Map<string, string>> {
  const { rows } = await sql<{ column_name: string; data_type: string }>`
    SELECT column_name, data_type FROM information_schema.columns
    WHERE table_schema = current_schema() AND table_name = ${table}`.execute(db);
  return new Map(rows.map((row) => [row.column_name, row.data_type]));
}

/** Reshapes the previous server's tables into the legacy session schema of `0001_legacy_sessions`. */
export async function adoptPreviousServer(db: Kysely<unknown>): Promise<void> {
  await moveUsersAside(db);
  await reshapeSessions(db);
  await reshapeTimestampsAndIndexes(db);
}

async function moveUsersAside(db: Kysely<unknown>): Promise<void> {
  const userColumns = await columnTypes(db, 'users');
  if (!userColumns.has('github_id')) {
    throw new Error('This database has chat_sessions but no users table with github_id: it is not one the previous WebEDT server made.');
  }
  const secrets = SECRET_COLUMNS.filter((column) => userColumns.has(column)).map((column) => sql.ref(column));
  await sql`CREATE SCHEMA ${sql.id(LEGACY_SCHEMA)}`.execute(db);
  await sql`ALTER TABLE IF EXISTS sessions SET SCHEMA ${sql.id(LEGACY_SCHEMA)}`.execute(db);
  await sql`
    CREATE TABLE ${sql.id(LEGACY_SCHEMA, 'user_secrets')} AS
    SELECT ${sql.join([sql`id AS user_id`, ...secrets])} FROM users`.execute(db);
  await sql`ALTER TABLE ${sql.id(LEGACY_SCHEMA, 'user_secrets')} ADD PRIMARY KEY (user_id)`.execute(db);
  if (secrets.length) await sql`ALTER TABLE users ${sql.join(secrets.map((column) => sql`DROP COLUMN ${column}`))}`.execute(db);
  await sql`ALTER TABLE users RENAME TO legacy_users`.execute(db);

  // PostgreSQL's default names (users_pkey, users_github_id_key, …) would collide with the new users table's.
  const constraints = await sql<{ name: string }>`
    SELECT conname AS name FROM pg_constraint
    WHERE conrelid = 'legacy_users'::regclass AND conname LIKE 'users\\_%'`.execute(db);
  for (const { name } of constraints.rows) {
    await sql`ALTER TABLE legacy_users RENAME CONSTRAINT ${sql.id(name)} TO ${sql.id(`legacy_${name}`)}`.execute(db);
  }
  const indexes = await sql<{ name: string }>`
    SELECT indexrelid::regclass::text AS name FROM pg_index
    WHERE indrelid = 'legacy_users'::regclass AND indexrelid::regclass::text LIKE 'users\\_%'`.execute(db);
  for (const { name } of indexes.rows) {
    await sql`ALTER INDEX ${sql.id(name)} RENAME TO ${sql.id(`legacy_${name}`)}`.execute(db);
  }

  // Agents change hands when their GitHub user signs in, so they cannot stay tied to the legacy users.
  const ownerKeys = await sql<{ name: string }>`
    SELECT conname AS name FROM pg_constraint
    WHERE conrelid = 'chat_sessions'::regclass AND confrelid = 'legacy_users'::regclass AND contype = 'f'`.execute(db);
  for (const { name } of ownerKeys.rows) {
    await sql`ALTER TABLE chat_sessions DROP CONSTRAINT ${sql.id(name)}`.execute(db);
  }
}

async function reshapeSessions(db: Kysely<unknown>): Promise<void> {
  // Added by its migrations 0001–0002; a database of its first version lacks them.
  await sql`
    ALTER TABLE chat_sessions
      ADD COLUMN IF NOT EXISTS issue_number integer,
      ADD COLUMN IF NOT EXISTS remote_session_id text,
      ADD COLUMN IF NOT EXISTS remote_web_url text,
      ADD COLUMN legacy_status text,
      ADD COLUMN legacy_total_cost text`.execute(db);

  // Sessions it left pending or running have no worker any more, and it had no check on the status:
  // all but completed and error become error (→ failed), with the status it had kept in legacy_status.
  await sql`
    UPDATE chat_sessions SET legacy_status = status, status = 'error'
    WHERE status IS NULL OR status NOT IN ('completed', 'error')`.execute(db);
  await sql`
    ALTER TABLE chat_sessions
      ALTER COLUMN status SET DEFAULT 'pending',
      ALTER COLUMN status SET NOT NULL,
      DROP CONSTRAINT IF EXISTS chat_sessions_status_check,
      ADD CONSTRAINT chat_sessions_status_check CHECK (status IN ('pending', 'running', 'completed', 'error'))`.execute(db);

  await sql`UPDATE chat_sessions SET auto_commit = false WHERE auto_commit IS NULL`.execute(db);
  await sql`UPDATE chat_sessions SET locked = false WHERE locked IS NULL`.execute(db);
  await sql`
    ALTER TABLE chat_sessions
      ALTER COLUMN auto_commit SET DEFAULT false, ALTER COLUMN auto_commit SET NOT NULL,
      ALTER COLUMN locked SET DEFAULT false, ALTER COLUMN locked SET NOT NULL`.execute(db);

  // Its costs are text. A cost becomes a number when it is one that numeric(12, 6) holds exactly;
  // otherwise the number is empty and the text stays in legacy_total_cost.
  const types = await columnTypes(db, 'chat_sessions');
  if (types.get('total_cost') === 'numeric') return;
  await sql`
    CREATE FUNCTION pg_temp.webedt_legacy_cost(value text) RETURNS numeric(12, 6) LANGUAGE plpgsql IMMUTABLE AS $$
    DECLARE exact numeric;
    BEGIN
      exact := value::numeric;
      IF exact = 'NaN' OR exact <> round(exact, 6) THEN RETURN NULL; END IF;
      RETURN exact::numeric(12, 6);
    EXCEPTION WHEN others THEN RETURN NULL;
    END $$`.execute(db);
  await sql`
    UPDATE chat_sessions SET legacy_total_cost = total_cost
    WHERE total_cost IS NOT NULL AND pg_temp.webedt_legacy_cost(total_cost) IS NULL`.execute(db);
  await sql`
    ALTER TABLE chat_sessions ALTER COLUMN total_cost TYPE numeric(12, 6) USING pg_temp.webedt_legacy_cost(total_cost)`.execute(db);
  await sql`DROP FUNCTION pg_temp.webedt_legacy_cost(text)`.execute(db);
}

async function reshapeTimestampsAndIndexes(db: Kysely<unknown>): Promise<void> {
  for (const [table, columns] of Object.entries(TIMESTAMP_COLUMNS)) {
    const types = await columnTypes(db, table);
    const changes = columns
      .filter((column) => types.get(column) === 'timestamp without time zone')
      .map((column) => sql`ALTER COLUMN ${sql.ref(column)} TYPE timestamptz USING ${sql.ref(column)} AT TIME ZONE 'UTC'`);
    // One ALTER TABLE per table: one rewrite, however many columns change.
    if (changes.length) await sql`ALTER TABLE ${sql.table(table)} ${sql.join(changes)}`.execute(db);
  }
  for (const [previousName, name, table, column] of INDEX_NAMES) {
    await sql`ALTER INDEX IF EXISTS ${sql.id(previousName)} RENAME TO ${sql.id(name)}`.execute(db);
    await sql`CREATE INDEX IF NOT EXISTS ${sql.id(name)} ON ${sql.table(table)} (${sql.ref(column)})`.execute(db);
  }
}

/** What an upgrade of the previous server's database did, read from the upgraded tables. */
export async function previousServerNotes(db: Kysely<unknown>): Promise<string[]> {
  const notes: string[] = [];
  const unlinked = await sql<{ id: string; email: string | null }>`
    SELECT id, email::text AS email FROM legacy_users WHERE github_id IS NULL ORDER BY id`.execute(db);
  if (unlinked.rows.length) {
    const shown = unlinked.rows.slice(0, 20).map((user) => `${user.email ?? '(no email)'} (${user.id})`);
    const more = unlinked.rows.length > shown.length ? `, and ${unlinked.rows.length - shown.length} more` : '';
    notes.push(
      `Legacy users with no github_id (kept in legacy_users with their agents, but no GitHub sign-in can claim them): ` +
        `${unlinked.rows.length}: ${shown.join(', ')}${more}.`,
    );
  }
  const counts = await sql<{ unfinished: number; costs: number }>`
    SELECT count(legacy_status)::int AS unfinished, count(legacy_total_cost)::int AS costs FROM agents`.execute(db);
  const { unfinished, costs } = counts.rows[0]!;
  if (unfinished) {
    notes.push(`Sessions neither completed nor failed (pending, running, …), now failed agents with that status in agents.legacy_status: ${unfinished}.`);
  }
  if (costs) notes.push(`Costs that were not numbers, their text kept in agents.legacy_total_cost: ${costs}.`);
  notes.push(
    `Its login sessions and its users' credentials are in the schema "${LEGACY_SCHEMA}", unused (people sign in again), ` +
      'until `npm run db:cleanup-legacy` removes them.',
  );
  return notes;
}
