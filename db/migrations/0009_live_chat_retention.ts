import { type Kysely, sql } from 'kysely';

/** Live Chat retention deletes messages by age on every history read and write: an index keeps that a range scan. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX live_chat_messages_created_idx ON live_chat_messages (created_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX live_chat_messages_created_idx`.execute(db);
}
