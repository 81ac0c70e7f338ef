import 'server-only';
import { env } from '@/lib/env';
import { createDatabase, type DB, type DatabaseHandle } from './client';

const globalForDb = globalThis as unknown as { webedtDatabase?: DatabaseHandle };

/** The process-wide database (one pool), kept on globalThis so dev reloads reuse it. */
export function db(): DB {
  if (!globalForDb.webedtDatabase) {
    const { DATABASE_URL, DATABASE_POOL_SIZE } = env();
    if (!DATABASE_URL) {
      throw new Error('DATABASE_URL is not set: start WebEDT with `npm start`, which provides a database.');
    }
    globalForDb.webedtDatabase = createDatabase(DATABASE_URL, DATABASE_POOL_SIZE);
  }
  return globalForDb.webedtDatabase.db;
}
