import { type Kysely, sql } from 'kysely';

/**
 * Agents and Live Chat turns working on a branch, beside the people of `workspace_presence`: one row per
 * running turn (`id` = `agent:<agent id>` or `live-chat:<user id>:<branch key>`), removed when the turn ends. Its trigger
 * notifies `branch_participants` with the id and the branch key only; streams read the row.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE branch_participants (
      id text PRIMARY KEY,
      kind text NOT NULL CHECK (kind IN ('agent', 'live-chat')),
      owner text NOT NULL,
      repo text NOT NULL,
      branch text NOT NULL,
      user_id text NOT NULL,
      agent_id text,
      label text NOT NULL,
      page text NOT NULL,
      path text,
      activity text,
      pending jsonb,
      started_at timestamptz NOT NULL DEFAULT now(),
      heartbeat_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX branch_participants_branch_idx ON branch_participants (owner, repo, branch);

    CREATE FUNCTION notify_branch_participant() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE changed branch_participants;
    BEGIN
      IF TG_OP = 'DELETE' THEN changed := OLD; ELSE changed := NEW; END IF;
      PERFORM pg_notify('branch_participants', json_build_object(
        'n', gen_random_uuid(), 'op', lower(TG_OP), 'participant_id', changed.id,
        'key', changed.owner || '/' || changed.repo || '/' || changed.branch)::text);
      RETURN NULL;
    END $$;
    CREATE TRIGGER branch_participants_notify AFTER INSERT OR UPDATE OR DELETE ON branch_participants
      FOR EACH ROW EXECUTE FUNCTION notify_branch_participant();
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TABLE branch_participants;
    DROP FUNCTION notify_branch_participant();
  `.execute(db);
}
