import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema';

export type DB = Kysely<Database>;

export interface DatabaseHandle {
  db: DB;
  pool: pg.Pool;
  close(): Promise<void>;
}

export function createDatabase(connectionString: string, poolSize = 10): DatabaseHandle {
  const pool = new pg.Pool({ connectionString, max: poolSize });
  // An idle client that loses its server (restart, terminate) must not crash the process.
  pool.on('error', (error) => console.error('[db] idle client error:', error.message));
  // Nor one that is checked out between two queries (a transaction in progress): the pool listens only to idle
  // clients, and the query that follows fails on its own.
  pool.on('connect', (client) => client.on('error', (error) => console.error('[db] client error:', error.message)));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, pool, close: () => db.destroy() };
}
