import type { Kysely } from 'kysely';
import type { Database } from '@/lib/db/schema';

/**
 * The user's agents that finished, failed or wait and that they have not looked at since (the Agents
 * badge), as id → since when. The status trigger of migration 0015 keeps `unseen_since`.
 */
export async function unseenAgents(db: Kysely<Database>, userId: string): Promise<Record<string, string>> {
  const rows = await db
    .selectFrom('agents')
    .select(['id', 'unseen_since'])
    .where('user_id', '=', userId)
    .where('unseen_since', 'is not', null)
    .where('deleted_at', 'is', null)
    .execute();
  return Object.fromEntries(rows.map((row) => [row.id, new Date(row.unseen_since!).toISOString()]));
}

/**
 * The owner has looked at the agent. `updated_at` stays: looking is not a change of the agent, and the
 * list keeps its order. The row's NOTIFY tells the owner's other tabs to drop it from their badge.
 */
export async function markAgentSeen(db: Kysely<Database>, userId: string, agentId: string): Promise<void> {
  await db
    .updateTable('agents')
    .set({ unseen_since: null })
    .where('id', '=', agentId)
    .where('user_id', '=', userId)
    .where('unseen_since', 'is not', null)
    .execute();
}
