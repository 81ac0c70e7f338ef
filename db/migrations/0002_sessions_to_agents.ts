import { type Kysely, sql } from 'kysely';

/**
 * The seed's rename: sessions become agents. Every id is kept so old `/sessions/:id` links resolve.
 * Legacy statuses map onto the agent lifecycle (pending → queued, error → failed).
 * `session_path` is dropped as the design asks (workspaces are addressed by branch now); `down`
 * restores the column empty.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE chat_sessions RENAME TO agents;
    ALTER TABLE agents RENAME CONSTRAINT chat_sessions_pkey TO agents_pkey;
    ALTER INDEX chat_sessions_user_id_idx RENAME TO agents_user_id_idx;
    ALTER TABLE agents RENAME COLUMN user_request TO task_request;
    ALTER TABLE agents DROP COLUMN session_path;

    ALTER TABLE agents DROP CONSTRAINT chat_sessions_status_check;
    UPDATE agents SET status = CASE status WHEN 'pending' THEN 'queued' WHEN 'error' THEN 'failed' ELSE status END;
    ALTER TABLE agents ALTER COLUMN status SET DEFAULT 'queued';
    ALTER TABLE agents ADD CONSTRAINT agents_status_check
      CHECK (status IN ('queued', 'running', 'waiting', 'completed', 'failed', 'cancelled'));

    ALTER TABLE agents
      ADD COLUMN model text,
      ADD COLUMN input_tokens bigint NOT NULL DEFAULT 0,
      ADD COLUMN output_tokens bigint NOT NULL DEFAULT 0,
      ADD COLUMN pr_number integer,
      ADD COLUMN pr_url text,
      ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
    UPDATE agents SET updated_at = COALESCE(completed_at, worker_last_activity, created_at);
    CREATE INDEX agents_user_created_idx ON agents (user_id, created_at DESC) WHERE deleted_at IS NULL;

    ALTER TABLE messages RENAME TO agent_messages;
    ALTER TABLE agent_messages RENAME CONSTRAINT messages_pkey TO agent_messages_pkey;
    ALTER TABLE agent_messages RENAME CONSTRAINT messages_chat_session_id_fkey TO agent_messages_agent_id_fkey;
    ALTER TABLE agent_messages RENAME COLUMN chat_session_id TO agent_id;
    ALTER TABLE agent_messages RENAME COLUMN timestamp TO created_at;
    ALTER INDEX messages_chat_session_id_idx RENAME TO agent_messages_agent_id_idx;
    ALTER SEQUENCE messages_id_seq RENAME TO agent_messages_id_seq;
    ALTER TABLE agent_messages ALTER COLUMN id TYPE bigint;
    ALTER SEQUENCE agent_messages_id_seq AS bigint;
    ALTER TABLE agent_messages ALTER COLUMN images TYPE jsonb USING images::jsonb;

    ALTER TABLE events RENAME TO agent_events;
    ALTER TABLE agent_events RENAME CONSTRAINT events_pkey TO agent_events_pkey;
    ALTER TABLE agent_events RENAME CONSTRAINT events_chat_session_id_fkey TO agent_events_agent_id_fkey;
    ALTER TABLE agent_events RENAME COLUMN chat_session_id TO agent_id;
    ALTER TABLE agent_events RENAME COLUMN timestamp TO created_at;
    ALTER INDEX events_chat_session_id_idx RENAME TO agent_events_agent_id_idx;
    ALTER SEQUENCE events_id_seq RENAME TO agent_events_id_seq;
    ALTER TABLE agent_events ALTER COLUMN id TYPE bigint;
    ALTER SEQUENCE agent_events_id_seq AS bigint;
    ALTER TABLE agent_events ALTER COLUMN event_data TYPE jsonb USING event_data::jsonb;
    ALTER TABLE agent_events ADD COLUMN IF NOT EXISTS event_type text; -- the previous server's events have it
    UPDATE agent_events SET event_type = COALESCE(NULLIF(event_data ->> 'type', ''), 'legacy') WHERE event_type IS NULL;
    ALTER TABLE agent_events ALTER COLUMN event_type SET NOT NULL;
    CREATE INDEX agent_events_agent_seq_idx ON agent_events (agent_id, id);
    CREATE INDEX agent_messages_agent_seq_idx ON agent_messages (agent_id, id);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP INDEX agent_messages_agent_seq_idx;
    DROP INDEX agent_events_agent_seq_idx;
    ALTER TABLE agent_events DROP COLUMN event_type;
    ALTER TABLE agent_events ALTER COLUMN event_data TYPE json USING event_data::json;
    ALTER SEQUENCE agent_events_id_seq AS integer;
    ALTER TABLE agent_events ALTER COLUMN id TYPE integer;
    ALTER SEQUENCE agent_events_id_seq RENAME TO events_id_seq;
    ALTER INDEX agent_events_agent_id_idx RENAME TO events_chat_session_id_idx;
    ALTER TABLE agent_events RENAME COLUMN created_at TO timestamp;
    ALTER TABLE agent_events RENAME COLUMN agent_id TO chat_session_id;
    ALTER TABLE agent_events RENAME CONSTRAINT agent_events_agent_id_fkey TO events_chat_session_id_fkey;
    ALTER TABLE agent_events RENAME CONSTRAINT agent_events_pkey TO events_pkey;
    ALTER TABLE agent_events RENAME TO events;

    ALTER TABLE agent_messages ALTER COLUMN images TYPE json USING images::json;
    ALTER SEQUENCE agent_messages_id_seq AS integer;
    ALTER TABLE agent_messages ALTER COLUMN id TYPE integer;
    ALTER SEQUENCE agent_messages_id_seq RENAME TO messages_id_seq;
    ALTER INDEX agent_messages_agent_id_idx RENAME TO messages_chat_session_id_idx;
    ALTER TABLE agent_messages RENAME COLUMN created_at TO timestamp;
    ALTER TABLE agent_messages RENAME COLUMN agent_id TO chat_session_id;
    ALTER TABLE agent_messages RENAME CONSTRAINT agent_messages_agent_id_fkey TO messages_chat_session_id_fkey;
    ALTER TABLE agent_messages RENAME CONSTRAINT agent_messages_pkey TO messages_pkey;
    ALTER TABLE agent_messages RENAME TO messages;

    DROP INDEX agents_user_created_idx;
    ALTER TABLE agents DROP COLUMN model, DROP COLUMN input_tokens, DROP COLUMN output_tokens,
      DROP COLUMN pr_number, DROP COLUMN pr_url, DROP COLUMN updated_at;
    ALTER TABLE agents DROP CONSTRAINT agents_status_check;
    UPDATE agents SET status = CASE status
      WHEN 'queued' THEN 'pending' WHEN 'waiting' THEN 'running'
      WHEN 'failed' THEN 'error' WHEN 'cancelled' THEN 'error' ELSE status END;
    ALTER TABLE agents ALTER COLUMN status SET DEFAULT 'pending';
    ALTER TABLE agents ADD CONSTRAINT chat_sessions_status_check
      CHECK (status IN ('pending', 'running', 'completed', 'error'));
    ALTER TABLE agents ADD COLUMN session_path text UNIQUE;
    ALTER TABLE agents RENAME CONSTRAINT agents_session_path_key TO chat_sessions_session_path_key;
    ALTER TABLE agents RENAME COLUMN task_request TO user_request;
    ALTER INDEX agents_user_id_idx RENAME TO chat_sessions_user_id_idx;
    ALTER TABLE agents RENAME CONSTRAINT agents_pkey TO chat_sessions_pkey;
    ALTER TABLE agents RENAME TO chat_sessions;
  `.execute(db);
}
