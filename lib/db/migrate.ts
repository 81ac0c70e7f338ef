import { type Kysely, type Migration, type MigrationResultSet, Migrator, sql } from 'kysely';
import { migrations } from '@/db/migrations';
import { LEGACY_SCHEMA, previousServerNotes } from '@/db/previous-server';

/** Where a database starts: empty, migrated by this project, or made by the previous WebEDT server. */
export type StartingPoint = 'empty' | 'webedt' | 'previous-server';

export const startingPointNames: Record<StartingPoint, string> = {
  empty: 'an empty database',
  webedt: 'a database migrated by WebEDT',
  'previous-server': 'a database made by the previous WebEDT server',
};

export interface TableRows {
  table: string;
  rows: number;
}

export interface MigrationReport {
  startingPoint: StartingPoint;
  /** Migrations applied (or, in a dry run, that would be). */
  applied: string[];
  /** With `countRows`: rows per table afterwards (in a dry run: as the upgrade would leave them). */
  tables: TableRows[];
  /** What an adoption of the previous server's database did, for the operator. */
  notes: string[];
}

export interface MigrateOptions {
  /** Do everything, report it, then roll it all back. */
  dryRun?: boolean;
  /** Adopt a database made by the previous WebEDT server (only `npm run db:migrate` does: back it up first). */
  adoptPreviousServer?: boolean;
  /** Count every table's rows for the report (exact counts: not on every server start). */
  countRows?: boolean;
}

class RolledBack extends Error {
  constructor(readonly report: MigrationReport) {
    super('dry run');
  }
}

/**
 * A failing statement aborts the whole transaction, and the migrator would then fail to release its lock and
 * report that instead of the cause: rolling back to a savepoint keeps the transaction usable until the
 * caller rolls all of it back.
 */
function inSavepoint(step: Migration['up']): Migration['up'] {
  return async (db) => {
    await sql`SAVEPOINT migration_step`.execute(db);
    try {
      await step(db);
    } catch (error) {
      await sql`ROLLBACK TO SAVEPOINT migration_step`.execute(db);
      throw error;
    }
    await sql`RELEASE SAVEPOINT migration_step`.execute(db);
  };
}

// Migrations are written against the untyped schema of their moment, hence the cast. Features are
// developed in parallel with numbers reserved in advance, so a lower number may land after a higher one.
// Inside a transaction of the caller's (see migrateDatabase) the migrator must not open its own.
function migrator(db: Kysely<unknown>, inCallersTransaction: boolean): Migrator {
  const steps = inCallersTransaction
    ? Object.fromEntries(
        Object.entries(migrations).map(([name, { up, down }]) => [name, { up: inSavepoint(up), down: down && inSavepoint(down) }]),
      )
    : migrations;
  return new Migrator({
    db,
    provider: { getMigrations: async () => steps },
    allowUnorderedMigrations: true,
    disableTransactions: inCallersTransaction,
  });
}

function unwrap(result: MigrationResultSet): string[] {
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    const reason = result.error instanceof Error ? result.error.message : String(result.error);
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${reason}`);
  }
  return (result.results ?? []).map((r) => `${r.direction} ${r.migrationName}`);
}

export async function startingPoint(db: Kysely<unknown>): Promise<StartingPoint> {
  const { rows } = await sql<{ migrated: boolean; sessions: boolean }>`
    SELECT to_regclass('kysely_migration') IS NOT NULL AS migrated,
           to_regclass('chat_sessions') IS NOT NULL AS sessions`.execute(db);
  const found = rows[0]!;
  if (found.migrated) return 'webedt';
  return found.sessions ? 'previous-server' : 'empty';
}

/** Exact row counts of every table in the current schema and in the previous server's `legacy` schema. */
async function tableRows(db: Kysely<unknown>): Promise<TableRows[]> {
  const { rows } = await sql<{ table: string }>`
    SELECT CASE WHEN table_schema = current_schema() THEN table_name ELSE table_schema || '.' || table_name END AS table
    FROM information_schema.tables
    WHERE table_type = 'BASE TABLE' AND (table_schema = current_schema() OR table_schema = ${LEGACY_SCHEMA})
    ORDER BY table_schema <> current_schema(), table_name`.execute(db);
  const counted: TableRows[] = [];
  for (const { table } of rows) {
    const count = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(db);
    counted.push({ table, rows: count.rows[0]!.n });
  }
  return counted;
}

/**
 * Brings the database to the current schema from any starting point, in ONE transaction: an error (or a
 * dry run) rolls everything back and leaves the database as it was. A database of the previous server is
 * adopted by the first migration (db/previous-server.ts) when `adoptPreviousServer` allows it.
 */
export async function migrateDatabase<T>(db: Kysely<T>, options: MigrateOptions = {}): Promise<MigrationReport> {
  try {
    return await (db as Kysely<unknown>).connection().execute(async (connection) => {
      await sql`BEGIN`.execute(connection);
      try {
        // Whole runs are serialized, so concurrent starts wait for each other instead of racing to create tables.
        await sql`SELECT pg_advisory_xact_lock(hashtextextended('webedt migrate', 0))`.execute(connection);
        const start = await startingPoint(connection);
        if (start === 'previous-server' && !options.adoptPreviousServer) {
          throw new Error(
            'This database was made by the previous WebEDT server: back it up, then upgrade it with `npm run db:migrate` (README, "Upgrading").',
          );
        }
        const applied = unwrap(await migrator(connection, true).migrateToLatest());
        const report: MigrationReport = {
          startingPoint: start,
          applied,
          tables: options.countRows ? await tableRows(connection) : [],
          notes: start === 'previous-server' ? await previousServerNotes(connection) : [],
        };
        if (options.dryRun) throw new RolledBack(report);
        await sql`COMMIT`.execute(connection);
        return report;
      } catch (error) {
        await sql`ROLLBACK`.execute(connection);
        throw error;
      }
    });
  } catch (error) {
    if (error instanceof RolledBack) return error.report;
    throw error;
  }
}

/** Applies every pending migration (never adopting the previous server's database); returns what it applied. */
export async function migrateToLatest<T>(db: Kysely<T>): Promise<string[]> {
  return (await migrateDatabase(db)).applied;
}

export async function migrateTo<T>(db: Kysely<T>, name: string): Promise<string[]> {
  return unwrap(await migrator(db as Kysely<unknown>, false).migrateTo(name));
}

/** `npm run db:cleanup-legacy`: drops what the upgrade kept aside (schema `legacy`). Returns what it removed. */
export async function cleanUpLegacy<T>(db: Kysely<T>): Promise<TableRows[]> {
  return (db as Kysely<unknown>).transaction().execute(async (trx) => {
    const removed = (await tableRows(trx)).filter((entry) => entry.table.startsWith(`${LEGACY_SCHEMA}.`));
    // Without CASCADE: if anything outside the schema still depends on it, nothing is dropped.
    if (removed.length) await sql`DROP TABLE ${sql.join(removed.map((entry) => sql.table(entry.table)))}`.execute(trx);
    await sql`DROP SCHEMA IF EXISTS ${sql.id(LEGACY_SCHEMA)}`.execute(trx);
    return removed;
  });
}
