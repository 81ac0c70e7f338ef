import { type Kysely, type MigrationResultSet, Migrator } from 'kysely';
import { migrations } from '@/db/migrations';

// Migrations are written against the untyped schema of their moment, hence the cast. Features are
// developed in parallel with numbers reserved in advance, so a lower number may land after a higher one.
function migrator<T>(db: Kysely<T>): Migrator {
  return new Migrator({
    db: db as Kysely<unknown>,
    provider: { getMigrations: async () => migrations },
    allowUnorderedMigrations: true,
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

/** Applies every pending migration; concurrent callers are serialized by Kysely's migration lock. */
export async function migrateToLatest<T>(db: Kysely<T>): Promise<string[]> {
  return unwrap(await migrator(db).migrateToLatest());
}

export async function migrateTo<T>(db: Kysely<T>, name: string): Promise<string[]> {
  return unwrap(await migrator(db).migrateTo(name));
}
