import { type Kysely, sql } from 'kysely';

/** The last page each user visited per branch, for the "recent workspaces" list. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE workspace_visits (
      user_id text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      owner text NOT NULL,
      repo text NOT NULL,
      branch text NOT NULL,
      page text NOT NULL,
      visited_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (user_id, owner, repo, branch)
    );
    CREATE INDEX workspace_visits_recent_idx ON workspace_visits (user_id, visited_at DESC);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE workspace_visits`.execute(db);
}
