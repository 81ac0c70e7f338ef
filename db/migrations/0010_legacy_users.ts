import { type Kysely, sql } from 'kysely';

/**
 * The previous WebEDT server's users. Adopting its database (db/previous-server.ts) turns its `users` into
 * this table; elsewhere it is created empty. A GitHub sign-in claims the agents of the legacy user with
 * the same `github_id` (lib/auth/tokens.ts).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE IF NOT EXISTS legacy_users (
      id text PRIMARY KEY,
      email text,
      display_name text,
      github_id text UNIQUE,
      created_at timestamp
    )`.execute(db);
}

/** Only an empty table goes: the previous server's users are never dropped. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DO $$ BEGIN
      IF NOT EXISTS (SELECT FROM legacy_users) THEN DROP TABLE legacy_users; END IF;
    END $$`.execute(db);
}
