/** Runs once per server process: the schema is migrated before the first request is served. */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { db } = await import('@/lib/db');
  const { migrateToLatest } = await import('@/lib/db/migrate');
  const { installJobQueue } = await import('@/lib/agents/queue');
  const { env } = await import('@/lib/env');
  await migrateToLatest(db());
  await installJobQueue(env().DATABASE_URL!);
  if (env().AGENT_WORKER === 'in-process') {
    const { startConfiguredAgentWorker } = await import('@/lib/agents/start');
    await startConfiguredAgentWorker(env(), db(), env().DATABASE_URL!);
  }
}
