import { type Kysely, sql } from 'kysely';

/**
 * Users, live chat, presence and the workspace event log, with NOTIFY triggers.
 *
 * NOTIFY payloads carry only routing keys and ids (PostgreSQL caps a payload at 8000 bytes), and
 * each carries a unique `n`: identical payloads inside one transaction are merged into one.
 * A branch routing key is `owner/repo/branch`; owner and repo never contain `/`, so it is unambiguous.
 *
 * Log ids are the SSE sequence, and a reader resumes "after id N", so per routing key ids must become
 * visible in id order. A plain bigserial does not guarantee that (id 11 can commit before id 10, and
 * a reader past 11 never sees 10). A BEFORE INSERT trigger therefore takes a per-key transaction
 * lock and only then draws the id: writers to one key commit in id order; other keys do not wait.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE users (
      id text PRIMARY KEY DEFAULT gen_random_uuid()::text,
      github_id bigint NOT NULL UNIQUE,
      login text NOT NULL,
      name text,
      email text,
      avatar_url text,
      access_token_enc text,
      access_token_expires_at timestamptz,
      refresh_token_enc text,
      refresh_token_expires_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX users_login_idx ON users (lower(login));

    CREATE TABLE live_chat_messages (
      id bigserial PRIMARY KEY,
      owner text NOT NULL,
      repo text NOT NULL,
      branch text NOT NULL,
      user_id text NOT NULL,
      role text NOT NULL CHECK (role IN ('user', 'assistant', 'system')),
      content text NOT NULL,
      tool_calls jsonb,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX live_chat_messages_thread_idx ON live_chat_messages (user_id, owner, repo, branch, id);

    CREATE TABLE workspace_presence (
      user_id text NOT NULL,
      owner text NOT NULL,
      repo text NOT NULL,
      branch text NOT NULL,
      page text NOT NULL,
      cursor jsonb,
      selection jsonb,
      heartbeat_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (user_id, owner, repo, branch)
    );
    CREATE INDEX workspace_presence_branch_idx ON workspace_presence (owner, repo, branch, heartbeat_at);

    CREATE TABLE workspace_events (
      id bigserial PRIMARY KEY,
      owner text NOT NULL,
      repo text NOT NULL,
      branch text NOT NULL,
      user_id text NOT NULL,
      event_type text NOT NULL,
      page text,
      path text,
      payload jsonb NOT NULL DEFAULT '{}'::jsonb,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX workspace_events_branch_seq_idx ON workspace_events (owner, repo, branch, id);

    ALTER TABLE workspace_events ALTER COLUMN id DROP DEFAULT;
    CREATE FUNCTION sequence_workspace_event() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_advisory_xact_lock(hashtextextended(
        'workspace_events:' || NEW.owner || '/' || NEW.repo || '/' || NEW.branch, 0));
      NEW.id := nextval('workspace_events_id_seq');
      RETURN NEW;
    END $$;
    CREATE TRIGGER workspace_events_sequence BEFORE INSERT ON workspace_events
      FOR EACH ROW EXECUTE FUNCTION sequence_workspace_event();

    ALTER TABLE agent_events ALTER COLUMN id DROP DEFAULT;
    CREATE FUNCTION sequence_agent_event() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_advisory_xact_lock(hashtextextended('agent_events:' || NEW.agent_id, 0));
      NEW.id := nextval('agent_events_id_seq');
      RETURN NEW;
    END $$;
    CREATE TRIGGER agent_events_sequence BEFORE INSERT ON agent_events
      FOR EACH ROW EXECUTE FUNCTION sequence_agent_event();

    CREATE FUNCTION notify_workspace_event() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_notify('workspace_events', json_build_object(
        'n', gen_random_uuid(), 'id', NEW.id,
        'key', NEW.owner || '/' || NEW.repo || '/' || NEW.branch)::text);
      RETURN NULL;
    END $$;
    CREATE TRIGGER workspace_events_notify AFTER INSERT ON workspace_events
      FOR EACH ROW EXECUTE FUNCTION notify_workspace_event();

    CREATE FUNCTION notify_workspace_presence() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE changed workspace_presence;
    BEGIN
      IF TG_OP = 'DELETE' THEN changed := OLD; ELSE changed := NEW; END IF;
      PERFORM pg_notify('workspace_presence', json_build_object(
        'n', gen_random_uuid(), 'op', lower(TG_OP), 'user_id', changed.user_id,
        'key', changed.owner || '/' || changed.repo || '/' || changed.branch)::text);
      RETURN NULL;
    END $$;
    CREATE TRIGGER workspace_presence_notify AFTER INSERT OR UPDATE OR DELETE ON workspace_presence
      FOR EACH ROW EXECUTE FUNCTION notify_workspace_presence();

    CREATE FUNCTION notify_agent_event() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_notify('agent_events', json_build_object(
        'n', gen_random_uuid(), 'id', NEW.id, 'key', NEW.agent_id)::text);
      RETURN NULL;
    END $$;
    CREATE TRIGGER agent_events_notify AFTER INSERT ON agent_events
      FOR EACH ROW EXECUTE FUNCTION notify_agent_event();
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TRIGGER agent_events_notify ON agent_events;
    DROP FUNCTION notify_agent_event();
    DROP TRIGGER agent_events_sequence ON agent_events;
    DROP FUNCTION sequence_agent_event();
    ALTER TABLE agent_events ALTER COLUMN id SET DEFAULT nextval('agent_events_id_seq');
    DROP TABLE workspace_events;
    DROP FUNCTION notify_workspace_event();
    DROP FUNCTION sequence_workspace_event();
    DROP TABLE workspace_presence;
    DROP FUNCTION notify_workspace_presence();
    DROP TABLE live_chat_messages;
    DROP TABLE users;
  `.execute(db);
}
