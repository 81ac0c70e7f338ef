import { type Kysely, sql } from 'kysely';

/**
 * Agents as background runs: the list page follows a user's agents live (a NOTIFY per agent change,
 * keyed by user), follow-ups and the cancel request are recorded on the agent, and each turn's commit is
 * remembered so a retried job never commits the same turn twice.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE agents
      ADD COLUMN cancel_requested_at timestamptz,
      ADD COLUMN branch_prefix text,
      ADD COLUMN turns integer NOT NULL DEFAULT 0,
      ADD COLUMN last_error text,
      ADD COLUMN duration_ms bigint NOT NULL DEFAULT 0;
    CREATE INDEX agents_user_updated_idx ON agents (user_id, updated_at DESC);

    CREATE TABLE agent_turns (
      agent_id text NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
      turn integer NOT NULL,
      commit_sha text,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (agent_id, turn)
    );

    CREATE FUNCTION notify_agent_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_notify('agents', json_build_object(
        'n', gen_random_uuid(), 'id', COALESCE(NEW.id, OLD.id), 'key', COALESCE(NEW.user_id, OLD.user_id))::text);
      RETURN NULL;
    END $$;
    CREATE TRIGGER agents_notify AFTER INSERT OR UPDATE OR DELETE ON agents
      FOR EACH ROW EXECUTE FUNCTION notify_agent_change();
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TRIGGER agents_notify ON agents;
    DROP FUNCTION notify_agent_change();
    DROP TABLE agent_turns;
    DROP INDEX agents_user_updated_idx;
    ALTER TABLE agents
      DROP COLUMN cancel_requested_at,
      DROP COLUMN branch_prefix,
      DROP COLUMN turns,
      DROP COLUMN last_error,
      DROP COLUMN duration_ms;
  `.execute(db);
}
