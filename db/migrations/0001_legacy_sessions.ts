import { type Kysely, sql } from 'kysely';
import { adoptPreviousServer } from '../previous-server';

/**
 * The legacy "session" schema, column for column, where the history of WebEDT's database starts. A database
 * made by the previous WebEDT server has these tables already, in its own shape: they are adopted instead.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const { rows } = await sql<{ found: boolean }>`SELECT to_regclass('chat_sessions') IS NOT NULL AS found`.execute(db);
  if (rows[0]?.found) return adoptPreviousServer(db);
  await sql`
    CREATE TABLE chat_sessions (
      id text PRIMARY KEY,
      user_id text NOT NULL,
      session_path text UNIQUE,
      repository_owner text,
      repository_name text,
      user_request text NOT NULL,
      status text NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'running', 'completed', 'error')),
      repository_url text,
      base_branch text,
      branch text,
      provider text,
      provider_session_id text,
      remote_session_id text,
      remote_web_url text,
      total_cost numeric(12, 6),
      issue_number integer,
      auto_commit boolean NOT NULL DEFAULT false,
      locked boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now(),
      completed_at timestamptz,
      deleted_at timestamptz,
      worker_last_activity timestamptz
    );
    CREATE INDEX chat_sessions_user_id_idx ON chat_sessions (user_id);

    CREATE TABLE messages (
      id serial PRIMARY KEY,
      chat_session_id text NOT NULL REFERENCES chat_sessions (id) ON DELETE CASCADE,
      type text NOT NULL,
      content text NOT NULL,
      images json,
      timestamp timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX messages_chat_session_id_idx ON messages (chat_session_id);

    CREATE TABLE events (
      id serial PRIMARY KEY,
      chat_session_id text NOT NULL REFERENCES chat_sessions (id) ON DELETE CASCADE,
      event_data json NOT NULL,
      timestamp timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX events_chat_session_id_idx ON events (chat_session_id);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE events; DROP TABLE messages; DROP TABLE chat_sessions;`.execute(db);
}
