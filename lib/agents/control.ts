import { type Kysely, sql } from 'kysely';
import type { Agent, Database } from '@/lib/db/schema';
import { AppError } from '@/lib/errors';
import { ACTIVE_STATUSES, appendAgentEvent } from './queries';
import { enqueueAgentTurn } from './queue';

/**
 * Stops the agent: a queued one at once (its job is removed), a running one at its next step (the
 * worker checks the request between steps).
 */
export async function requestCancel(db: Kysely<Database>, agent: Agent): Promise<void> {
  if (!ACTIVE_STATUSES.includes(agent.status)) {
    throw new AppError('conflict', `The agent has already ${agent.status === 'cancelled' ? 'been cancelled' : agent.status}.`);
  }
  await db.transaction().execute(async (trx) => {
    // NO KEY UPDATE, as every lock of an agent row: a worker writing an event holds the agent's log lock
    // while its foreign key checks this row, which a full FOR UPDATE would block in a cycle (a deadlock).
    const locked = await trx.selectFrom('agents').select('status').where('id', '=', agent.id).forNoKeyUpdate().executeTakeFirstOrThrow();
    if (locked.status === 'running') {
      await trx.updateTable('agents').set({ cancel_requested_at: sql`now()`, updated_at: sql`now()` }).where('id', '=', agent.id).execute();
      await appendAgentEvent(trx, agent.id, 'cancel_requested');
      return;
    }
    await sql`SELECT graphile_worker.remove_job(${`agent:${agent.id}`}::text)`.execute(trx);
    await trx
      .updateTable('agents')
      .set({ status: 'cancelled', cancel_requested_at: sql`now()`, completed_at: sql`now()`, updated_at: sql`now()` })
      .where('id', '=', agent.id)
      .execute();
    await appendAgentEvent(trx, agent.id, 'status', { status: 'cancelled' });
  });
}

/**
 * A follow-up message continues the same conversation on the same branch: a running agent reads it
 * after its current tool call; otherwise a new turn is queued.
 */
export async function addFollowUp(db: Kysely<Database>, agent: Agent, content: string): Promise<void> {
  if (agent.deleted_at) throw new AppError('conflict', 'Restore the agent from the trash before sending it a message.');
  await db.transaction().execute(async (trx) => {
    // The agent row first, then its log (as the worker does): the other order can deadlock with it.
    const locked = await trx.selectFrom('agents').select('status').where('id', '=', agent.id).forNoKeyUpdate().executeTakeFirstOrThrow();
    await trx.insertInto('agent_messages').values({ agent_id: agent.id, type: 'user', content, images: null }).execute();
    await appendAgentEvent(trx, agent.id, 'user_message', { content });
    if (locked.status !== 'running' && locked.status !== 'queued') {
      await trx
        .updateTable('agents')
        .set({ status: 'queued', cancel_requested_at: null, completed_at: null, last_error: null, updated_at: sql`now()` })
        .where('id', '=', agent.id)
        .execute();
      await appendAgentEvent(trx, agent.id, 'status', { status: 'queued' });
    }
    await enqueueAgentTurn(trx, agent.id);
  });
}
