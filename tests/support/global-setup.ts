import { rm } from 'node:fs/promises';
import type { TestProject } from 'vitest/node';
import { type EmbeddedDatabase, startEmbeddedPostgres } from '@/lib/db/embedded';

/**
 * Integration tests run on a real PostgreSQL: the one in DATABASE_URL when set (e.g. the machine's
 * PostgreSQL 15), otherwise an embedded one started here. Each test file creates its own database
 * on that server (see `tests/support/database.ts`), so files never see each other's rows.
 */
let embedded: EmbeddedDatabase | undefined;
let dataDir: string | undefined;

export async function setup(project: TestProject): Promise<void> {
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    // One cluster per run, so concurrent runs (two terminals, two checkouts) never share one.
    dataDir = `.data/test-pg-${process.pid}`;
    await rm(dataDir, { recursive: true, force: true });
    embedded = await startEmbeddedPostgres(dataDir, 'postgres');
    adminUrl = embedded.url;
  }
  project.provide('adminDatabaseUrl', adminUrl);
}

export async function teardown(): Promise<void> {
  await embedded?.stop();
  if (embedded) await rm(embedded.clusterDir, { recursive: true, force: true });
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
}

declare module 'vitest' {
  export interface ProvidedContext {
    adminDatabaseUrl: string;
  }
}
