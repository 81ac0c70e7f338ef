import { rm } from 'node:fs/promises';
import type { TestProject } from 'vitest/node';
import { type EmbeddedDatabase, startEmbeddedPostgres } from '@/lib/db/embedded';

/**
 * Integration tests run on a real PostgreSQL: the one in DATABASE_URL when set (e.g. the machine's
 * PostgreSQL 15), otherwise an embedded one started here. Each test file creates its own database
 * on that server (see `tests/support/database.ts`), so files never see each other's rows.
 */
let embedded: EmbeddedDatabase | undefined;

export async function setup(project: TestProject): Promise<void> {
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    const dir = '.data/test-pg';
    await rm(dir, { recursive: true, force: true });
    embedded = await startEmbeddedPostgres(dir, 'postgres');
    adminUrl = embedded.url;
  }
  project.provide('adminDatabaseUrl', adminUrl);
}

export async function teardown(): Promise<void> {
  await embedded?.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    adminDatabaseUrl: string;
  }
}
