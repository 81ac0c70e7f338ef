/**
 * `npm run worker`: runs agent turns from the queue in its own process (set AGENT_WORKER=off on the
 * app servers to leave all agent work to such workers). Stops cleanly on SIGINT/SIGTERM; a worker
 * killed outright has its jobs picked up by the others once it stops reporting.
 */
import { startConfiguredAgentWorker } from '@/lib/agents/start';
import { installJobQueue } from '@/lib/agents/queue';
import { createDatabase } from '@/lib/db/client';
import { ConfigError, parseEnv } from '@/lib/env';

async function main(): Promise<void> {
  const config = parseEnv(process.env);
  if (!config.DATABASE_URL) throw new ConfigError('DATABASE_URL is required: the worker takes jobs from that database.');
  const database = createDatabase(config.DATABASE_URL, config.AGENT_CONCURRENCY + 2);
  await installJobQueue(config.DATABASE_URL);
  const worker = await startConfiguredAgentWorker(config, database.db, config.DATABASE_URL);
  console.log(`[worker] running agent turns (concurrency ${config.AGENT_CONCURRENCY})`);
  const stop = async () => {
    await worker.stop();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
