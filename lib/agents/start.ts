import type { Kysely } from 'kysely';
import type { Database } from '@/lib/db/schema';
import type { Env } from '@/lib/env';
import { llmTurnRunner } from './turn';
import { startAgentWorker } from './worker';

/** The agent worker as configured (AGENT_CONCURRENCY, AGENT_PER_USER_LIMIT, AGENT_STALE_AFTER_SECONDS, APP_URL). */
export function startConfiguredAgentWorker(config: Env, db: Kysely<Database>, connectionString: string) {
  return startAgentWorker({
    connectionString,
    db,
    runTurn: llmTurnRunner(config.APP_URL ?? `http://localhost:${config.PORT}`),
    concurrency: config.AGENT_CONCURRENCY,
    perUserLimit: config.AGENT_PER_USER_LIMIT,
    staleAfterMs: config.AGENT_STALE_AFTER_SECONDS * 1000,
  });
}
