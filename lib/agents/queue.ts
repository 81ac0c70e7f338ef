import { Logger, runMigrations } from 'graphile-worker';
import { type Kysely, sql } from 'kysely';
import type { Database } from '@/lib/db/schema';

/** The graphile-worker task that runs one turn of an agent. */
export const AGENT_TURN_TASK = 'agent_turn';

/**
 * Queues a turn of the agent in the same transaction as whatever asked for it (creation, a
 * follow-up), so an agent is never stored without its job or the other way round. One job key per
 * agent: a follow-up while a turn is queued merges into it; while one runs, graphile-worker queues
 * a fresh job for after it.
 */
export async function enqueueAgentTurn(db: Kysely<Database>, agentId: string): Promise<void> {
  await sql`SELECT graphile_worker.add_job(
    ${AGENT_TURN_TASK},
    json_build_object('agentId', ${agentId}::text),
    job_key := ${`agent:${agentId}`}::text,
    max_attempts := 3
  )`.execute(db);
}

/** graphile-worker reports every job at info level; only warnings and errors are worth a log line. */
export const queueLogger = new Logger(() => (level, message) => {
  if (level === 'error') console.error(`[agents] ${message}`);
  else if (level === 'warning') console.warn(`[agents] ${message}`);
});

/** Creates or upgrades graphile-worker's own schema (idempotent; concurrent callers wait on its lock). */
export async function installJobQueue(connectionString: string): Promise<void> {
  await runMigrations({ connectionString, logger: queueLogger });
}
