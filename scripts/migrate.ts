/**
 * `npm run db:migrate`: migrates DATABASE_URL, or the embedded database under DATA_DIR when unset, from any
 * starting point (empty, migrated by WebEDT, or made by the previous WebEDT server) in one transaction.
 *
 *   --dry-run         do it all, print what it did, roll it back: the database is left as it was
 *   --cleanup-legacy  (`npm run db:cleanup-legacy`) remove what an upgrade kept aside: the previous server's
 *                     login sessions and credentials (schema `legacy`)
 */
import path from 'node:path';
import { z } from 'zod';
import { installJobQueue } from '@/lib/agents/queue';
import { createDatabase } from '@/lib/db/client';
import { startEmbeddedPostgres } from '@/lib/db/embedded';
import { cleanUpLegacy, type MigrationReport, migrateDatabase, startingPointNames } from '@/lib/db/migrate';
import { ConfigError, parseEnv } from '@/lib/env';

const flags = z
  .array(z.enum(['--dry-run', '--cleanup-legacy']))
  .refine((given) => given.length <= 1, 'give at most one of --dry-run, --cleanup-legacy');

function print(report: MigrationReport, dryRun: boolean): void {
  console.log(`Starting point: ${startingPointNames[report.startingPoint]}.`);
  if (report.applied.length === 0) {
    console.log('Database is up to date.');
    return;
  }
  console.log(`${dryRun ? 'Would apply' : 'Applied'}: ${report.applied.map((step) => step.replace(/^Up /i, '')).join(', ')}.`);
  console.log(`Rows per table ${dryRun ? 'after the upgrade' : 'now'}:`);
  const width = Math.max(...report.tables.map((entry) => entry.table.length));
  for (const entry of report.tables) console.log(`  ${entry.table.padEnd(width)}  ${entry.rows}`);
  for (const note of report.notes) console.log(note);
  if (dryRun) console.log('Dry run: everything was rolled back; nothing was written.');
}

async function main(): Promise<void> {
  const parsed = flags.safeParse(process.argv.slice(2));
  if (!parsed.success) throw new ConfigError(`db:migrate accepts --dry-run or --cleanup-legacy (${parsed.error.issues[0]?.message}).`);
  const [flag] = parsed.data;
  const config = parseEnv(process.env);
  const embedded = config.DATABASE_URL ? undefined : await startEmbeddedPostgres(path.join(config.DATA_DIR, 'pg'));
  const url = config.DATABASE_URL ?? embedded!.url;
  const database = createDatabase(url, 1);
  try {
    if (flag === '--cleanup-legacy') {
      const removed = await cleanUpLegacy(database.db);
      if (removed.length === 0) console.log('Nothing to clean up.');
      for (const entry of removed) console.log(`Removed ${entry.table} (${entry.rows} rows).`);
      return;
    }
    const dryRun = flag === '--dry-run';
    const report = await migrateDatabase(database.db, { dryRun, adoptPreviousServer: true, countRows: true });
    if (!dryRun) await installJobQueue(url);
    print(report, dryRun);
  } finally {
    await database.close();
    await embedded?.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
