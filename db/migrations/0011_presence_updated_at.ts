import { type Kysely, sql } from 'kysely';

/**
 * When someone last changed page, cursor or selection, beside `heartbeat_at` (which only says they are
 * still there): people whose tab is open but who do nothing are shown as idle. Existing rows start at
 * their last heartbeat.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE workspace_presence ADD COLUMN updated_at timestamptz;
    UPDATE workspace_presence SET updated_at = heartbeat_at;
    ALTER TABLE workspace_presence ALTER COLUMN updated_at SET DEFAULT now(), ALTER COLUMN updated_at SET NOT NULL;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE workspace_presence DROP COLUMN updated_at`.execute(db);
}
