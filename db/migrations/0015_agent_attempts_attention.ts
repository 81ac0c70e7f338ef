import { type Kysely, sql } from 'kysely';

/**
 * Several attempts of one task (best-of-N): agents of one `attempt_group`, numbered by `attempt_index`,
 * each branched from the same `base_sha`. And what needs the owner: `unseen_since` is set when an agent
 * finishes, fails or waits, and cleared when its owner looks at it or it runs again. A trigger keeps it,
 * so every path that changes the status (worker, cancel, plan approval) counts without knowing of it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE agents
      ADD COLUMN attempt_group text,
      ADD COLUMN attempt_index smallint,
      ADD COLUMN base_sha text,
      ADD COLUMN unseen_since timestamptz;
    CREATE INDEX agents_attempt_group_idx ON agents (attempt_group) WHERE attempt_group IS NOT NULL;
    CREATE INDEX agents_unseen_idx ON agents (user_id) WHERE unseen_since IS NOT NULL;

    CREATE FUNCTION agent_attention() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.status IS DISTINCT FROM OLD.status THEN
        NEW.unseen_since := CASE WHEN NEW.status IN ('completed', 'failed', 'waiting') THEN now() END;
      END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER agents_attention BEFORE UPDATE OF status ON agents
      FOR EACH ROW EXECUTE FUNCTION agent_attention();
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TRIGGER agents_attention ON agents;
    DROP FUNCTION agent_attention();
    DROP INDEX agents_unseen_idx;
    DROP INDEX agents_attempt_group_idx;
    ALTER TABLE agents
      DROP COLUMN attempt_group,
      DROP COLUMN attempt_index,
      DROP COLUMN base_sha,
      DROP COLUMN unseen_since;
  `.execute(db);
}
