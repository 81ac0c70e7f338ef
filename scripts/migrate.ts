/** `npm run db:migrate`: migrates DATABASE_URL, or the embedded database under DATA_DIR when unset. */
import path from 'node:path';
import { createDatabase } from '@/lib/db/client';
import { startEmbeddedPostgres } from '@/lib/db/embedded';
import { migrateToLatest } from '@/lib/db/migrate';
import { installJobQueue } from '@/lib/agents/queue';
import { ConfigError, parseEnv } from '@/lib/env';

async function main(): Promise<void> {
  const config = parseEnv(process.env);
  const embedded = config.DATABASE_URL ? undefined : await startEmbeddedPostgres(path.join(config.DATA_DIR, 'pg'));
  const database = createDatabase(config.DATABASE_URL ?? embedded!.url, 1);
  try {
    const applied = await migrateToLatest(database.db);
    await installJobQueue(config.DATABASE_URL ?? embedded!.url);
    console.log(applied.length ? applied.join('\n') : 'Database is up to date.');
  } finally {
    await database.close();
    await embedded?.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
