import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { SessionUser } from '@/lib/auth/guard';
import { createDatabase, type DatabaseHandle } from '@/lib/db/client';
import { type EmbeddedDatabase, freePort, startEmbeddedPostgres } from '@/lib/db/embedded';
import { migrateToLatest } from '@/lib/db/migrate';
import type { PgListener, RealtimeChannel } from '@/lib/realtime/listener';
import { waitFor } from '../realtime/helpers';
import { startTestGitHub, type TestGitHub } from '../support/github';
import { readSse } from '../support/sse-client';
import { signInUser } from '../support/users';
import { asQuery, freshBranch, testListener, workspaceRoutes } from '../workspace/support';

/**
 * Fault drill: the PostgreSQL server restarts while an event stream is open and events are being
 * written. The app's query pool and its LISTEN connection must come back by themselves (no restart of
 * the app's objects), the open stream must carry on, and nothing written before the restart may be lost.
 * The server is an embedded PostgreSQL this test owns, stopped and started again on the same port and data.
 */
let github: TestGitHub;
let dataDir: string;
let port: number;
let postgres: EmbeddedDatabase;
let database: DatabaseHandle;
let listener: PgListener<RealtimeChannel>;
let alice: SessionUser;

beforeAll(async () => {
  github = await startTestGitHub();
  // Under .data like the suite's own server: a root-run PostgreSQL runs as `postgres`, which cannot enter mkdtemp's 0700 dirs.
  dataDir = `.data/drill-pg-restart-${process.pid}`;
  port = await freePort();
  postgres = await startEmbeddedPostgres(path.join(dataDir, 'pg'), 'webedt', port);
  database = createDatabase(postgres.url, 5);
  await migrateToLatest(database.db);
  listener = testListener(postgres.url);
  await listener.ready;
  alice = await signInUser(github, database.db, 'alice');
});

afterAll(async () => {
  await listener?.close();
  await database?.close();
  await postgres?.stop();
  if (postgres) await rm(postgres.clusterDir, { recursive: true, force: true });
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
  await github?.close();
});

it('recovers the pool and the listener after a PostgreSQL restart under load: the open stream goes on, nothing is lost', async () => {
  const routes = workspaceRoutes(alice, database.db, listener);
  const branch = freshBranch();
  const stream = readSse(await routes.openStream(asQuery(branch)));
  const streamedIds = () => stream.events.filter((event) => event.event === 'workspace-event').map((event) => event.id!);

  // A writer posting an event every 10 ms; only answers of 201 count as written.
  const written: string[] = [];
  let refused = 0;
  let writing = true;
  const writer = (async () => {
    for (let i = 0; writing; i++) {
      const response = await routes.postEvent({ ...branch, type: 'note', path: `src/file-${i}.ts`, payload: { text: `note ${i}` } }).catch(() => null);
      if (response?.status === 201) written.push(((await response.json()) as { event: { id: string } }).event.id);
      else refused++;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  })();

  // The reader parses as it is read: `until` pulls the stream.
  await stream.until(() => written.length >= 20 && streamedIds().length >= 10, 10_000);
  const writtenBefore = [...written];
  await postgres.stop();
  await waitFor(() => refused > 0, 'a write refused while the server is down', 5_000);
  postgres = await startEmbeddedPostgres(path.join(dataDir, 'pg'), 'webedt', port);
  const writtenAtRestart = written.length;
  await waitFor(() => written.length >= writtenAtRestart + 20, 'writes after the restart', 10_000);
  writing = false;
  await writer;

  // The same stream delivers every written event exactly once, in order, across the restart.
  await stream.until(() => streamedIds().length >= written.length, 10_000);
  expect(stream.ended).toBe(false);
  expect(streamedIds()).toEqual(written);
  // Nothing acknowledged before the restart is gone from the database.
  const stored = await database.db.selectFrom('workspace_events').select('id').where('branch', '=', branch.branch).orderBy('id').execute();
  expect(stored.map((row) => String(row.id))).toEqual(written);
  expect(written.slice(0, writtenBefore.length)).toEqual(writtenBefore);
  await stream.cancel();
});
