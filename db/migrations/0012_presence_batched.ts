import { type Kysely, sql } from 'kysely';

/**
 * Presence written in batches (lib/workspace/presence.ts): the per-row trigger notified once per row,
 * so a batch of N rows cost N notifications and every 10-second keepalive of an open stream woke
 * every stream of its branch. The batch statements now notify themselves, once per branch, and only
 * for what someone can see (a keepalive notifies only when it brings someone back online).
 * `left_at`: when the person's last stream closed (after a grace period); they are offline from then
 * until their next heartbeat. The heartbeat index lets each process find rows that just turned 30 s old.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TRIGGER workspace_presence_notify ON workspace_presence;
    DROP FUNCTION notify_workspace_presence();
    ALTER TABLE workspace_presence ADD COLUMN left_at timestamptz;
    CREATE INDEX workspace_presence_heartbeat_idx ON workspace_presence (heartbeat_at);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP INDEX workspace_presence_heartbeat_idx;
    ALTER TABLE workspace_presence DROP COLUMN left_at;
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
  `.execute(db);
}
