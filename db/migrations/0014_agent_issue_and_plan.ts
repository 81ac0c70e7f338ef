import { type Kysely, sql } from 'kysely';

/**
 * Agent options: the title of the GitHub issue an agent works on (its number is the legacy
 * `issue_number`), shown without asking GitHub again; and plan first — the plan the first turn
 * proposed (then as approved, possibly edited) and when it was approved.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE agents
      ADD COLUMN issue_title text,
      ADD COLUMN plan_first boolean NOT NULL DEFAULT false,
      ADD COLUMN plan text,
      ADD COLUMN plan_approved_at timestamptz;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE agents DROP COLUMN issue_title, DROP COLUMN plan_first, DROP COLUMN plan, DROP COLUMN plan_approved_at`.execute(db);
}
