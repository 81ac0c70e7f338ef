import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '@/lib/auth/guard';
import type { PgListener, RealtimeChannel } from '@/lib/realtime/listener';
import type { PresenceEntry, WorkspaceBranch } from '@/lib/workspace/collab-protocol';
import { createPresenceWriter, listPresence, type PresenceWriter } from '@/lib/workspace/presence';
import { workspaceStream } from '@/lib/workspace/stream';
import { waitFor } from '../realtime/helpers';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startTestGitHub, type TestGitHub } from '../support/github';
import { readSse } from '../support/sse-client';
import { signInUser } from '../support/users';
import { freshBranch, testListener } from './support';

/**
 * The presence writer on real PostgreSQL: batches (one statement, one NOTIFY per branch), streams as
 * heartbeats, offline after the grace period or after 30 s of silence, and nothing lost on shutdown.
 */

let github: TestGitHub;
let database: TestDatabase;
let listener: PgListener<RealtimeChannel>;
let notifications: pg.Client;
const received: Array<{ key: string; users: string[] | null }> = [];
const users: SessionUser[] = [];
const writers: PresenceWriter[] = [];
const closers: Array<() => void> = [];

beforeAll(async () => {
  github = await startTestGitHub();
  database = await createTestDatabase();
  listener = testListener(database.url);
  await listener.ready;
  for (const login of ['alice', 'bob', 'carol']) users.push(await signInUser(github, database.db, login));
  notifications = new pg.Client({ connectionString: database.url });
  await notifications.connect();
  notifications.on('notification', (message) => received.push(JSON.parse(message.payload!) as { key: string; users: string[] | null }));
  await notifications.query('LISTEN workspace_presence');
});

afterEach(async () => {
  for (const close of closers.splice(0)) close();
  for (const writer of writers.splice(0)) await writer.close();
});

afterAll(async () => {
  await notifications?.end();
  await listener?.close();
  await database?.drop();
  await github?.close();
});

function writer(options: Parameters<typeof createPresenceWriter>[1] = {}): PresenceWriter {
  const made = createPresenceWriter(database.db, { batchMs: 20, ...options });
  writers.push(made);
  return made;
}

const key = ({ owner, repo, branch }: WorkspaceBranch) => `${owner}/${repo}/${branch}`;
const notifiedFor = (branch: WorkspaceBranch) => received.filter((payload) => payload.key === key(branch));

async function rows(branch: WorkspaceBranch) {
  return database.db
    .selectFrom('workspace_presence')
    .select(['user_id', 'page', 'cursor', 'heartbeat_at', 'left_at'])
    .where('owner', '=', branch.owner)
    .where('repo', '=', branch.repo)
    .where('branch', '=', branch.branch)
    .orderBy('user_id')
    .execute();
}

/** A marker write on a branch of its own: once its NOTIFY is here, every earlier one is too (one connection, commit order). */
async function notificationsSettled(): Promise<void> {
  const marker = freshBranch();
  const marking = writer();
  marking.put(users[0]!.id, marker, { page: 'code', cursor: null, selection: null });
  await marking.flush();
  await waitFor(() => notifiedFor(marker).length > 0, 'the marker notification');
}

/** Polls the database until `check` holds; fails with `message` after 10 s. */
async function eventually(check: () => Promise<boolean>, message: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for: ${message}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const entryOf = async (branch: WorkspaceBranch, userId: string): Promise<PresenceEntry | undefined> =>
  (await listPresence(database.db, branch)).find((entry) => entry.user.id === userId);

describe('batched presence writes', () => {
  it('writes every pending change in one statement and notifies each branch once, naming its users', async () => {
    const presence = writer({ batchMs: 60_000 });
    const [one, two, three] = [freshBranch(), freshBranch(), freshBranch()];
    for (const [index, user] of users.entries()) {
      // A burst of cursor moves: only the last one is written.
      for (let line = 1; line <= 5; line++) presence.put(user.id, one, { page: 'code', cursor: { path: 'a.ts', line: line + index, ch: 0 }, selection: null });
      presence.put(user.id, two, { page: 'images', cursor: null, selection: null });
    }
    presence.put(users[0]!.id, three, { page: 'sounds', cursor: null, selection: null });
    expect(await rows(one)).toEqual([]);

    await presence.flush();
    const written = [...(await rows(one)), ...(await rows(two)), ...(await rows(three))];
    expect(written).toHaveLength(7);
    // now() is the transaction's start: one timestamp for all seven rows is one transaction.
    expect(new Set(written.map((row) => row.heartbeat_at.toISOString())).size).toBe(1);
    const cursors = new Map((await rows(one)).map((row) => [row.user_id, row.cursor]));
    for (const [index, user] of users.entries()) expect(cursors.get(user.id)).toEqual({ path: 'a.ts', line: 5 + index, ch: 0 });

    await notificationsSettled();
    for (const [branch, expected] of [
      [one, users.map((user) => user.id)],
      [two, users.map((user) => user.id)],
      [three, [users[0]!.id]],
    ] as const) {
      const payloads = notifiedFor(branch);
      expect(payloads).toHaveLength(1);
      expect([...payloads[0]!.users!].sort()).toEqual([...expected].sort());
    }
  });

  it('loses nothing on shutdown: close() writes what is queued, and later changes are refused', async () => {
    const presence = writer({ batchMs: 60_000 });
    const branch = freshBranch();
    presence.put(users[1]!.id, branch, { page: 'code', cursor: { path: 'b.ts', line: 2, ch: 1 }, selection: null });
    await presence.close();
    expect(await rows(branch)).toMatchObject([{ user_id: users[1]!.id, cursor: { path: 'b.ts', line: 2, ch: 1 } }]);
    presence.put(users[2]!.id, branch, { page: 'code', cursor: null, selection: null });
    await presence.flush();
    expect(await rows(branch)).toHaveLength(1);
  });
});

describe('the stream as heartbeat', () => {
  it('keeps a held user alive without notifying anyone, and notifies when it brings them back online', async () => {
    const presence = writer({ keepAliveMs: 100 });
    const branch = freshBranch();
    const bob = users[1]!.id;
    presence.put(bob, branch, { page: 'code', cursor: null, selection: null });
    await presence.flush();
    await notificationsSettled();
    const notifiedBefore = notifiedFor(branch).length;

    const fresh = async () => ((await entryOf(branch, bob))?.ageMs ?? Infinity) < 5_000;
    const ageBy = (seconds: number) =>
      sql`UPDATE workspace_presence SET heartbeat_at = now() - make_interval(secs => ${seconds}) WHERE branch = ${branch.branch}`.execute(database.db);
    await ageBy(20);
    // Holding touches the row at once (a reload on another instance must beat the grace period)…
    closers.push(presence.hold(bob, branch));
    await eventually(fresh, 'the heartbeat of the hold');
    // …and then every keepalive period, for as long as the stream is open.
    await ageBy(20);
    await eventually(fresh, 'a keepalive heartbeat');
    expect(await entryOf(branch, bob)).toMatchObject({ online: true });
    await notificationsSettled();
    expect(notifiedFor(branch)).toHaveLength(notifiedBefore);

    // 31 s without a heartbeat is offline: the keepalive that ends it tells the branch (it notifies only a
    // revival; the next keepalive can come any moment, so the offline state itself is not read in between).
    await ageBy(31);
    await waitFor(() => notifiedFor(branch).length > notifiedBefore, 'the revival notification');
    expect(notifiedFor(branch).at(-1)!.users).toEqual([bob]);
    expect(await entryOf(branch, bob)).toMatchObject({ online: true });
  });

  it('shows a released user offline after the grace period, but not one held again within it', async () => {
    const presence = writer({ graceMs: 300 });
    const [left, reloaded] = [freshBranch(), freshBranch()];
    const carol = users[2]!.id;
    for (const branch of [left, reloaded]) presence.put(carol, branch, { page: 'code', cursor: null, selection: null });
    await presence.flush();
    const releaseLeft = presence.hold(carol, left);
    const releaseReloaded = presence.hold(carol, reloaded);
    await presence.flush();

    releaseLeft();
    releaseReloaded();
    // A reload: the new stream holds the user again before the grace period is over.
    closers.push(presence.hold(carol, reloaded));
    await eventually(async () => (await rows(left))[0]!.left_at !== null, 'the offline mark');
    await presence.flush();
    expect(await entryOf(left, carol)).toMatchObject({ online: false });
    await waitFor(() => notifiedFor(left).some((payload) => payload.users?.includes(carol) ?? false), 'the offline notification');
    expect((await rows(left))[0]!.left_at).not.toBeNull();
    expect(await entryOf(reloaded, carol)).toMatchObject({ online: true });
    expect((await rows(reloaded))[0]!.left_at).toBeNull();
  });

  it('keeps someone online whose tab closed on one instance while a tab of theirs is still open on another', async () => {
    // Here: bob's open tab and alice watching, with a heartbeat older than the grace period when bob's other tab,
    // there, closes. There marks bob left; here sees it, heartbeats bob at once and never shows him offline.
    const here = writer({ keepAliveMs: 60_000 });
    const there = writer({ graceMs: 100 });
    const branch = freshBranch();
    const [alice, bob] = users.map((user) => user.id) as [string, string];
    here.put(alice, branch, { page: 'code', cursor: null, selection: null });
    here.put(bob, branch, { page: 'code', cursor: null, selection: null });
    await here.flush();
    const open = async (userId: string) => {
      const abort = new AbortController();
      closers.push(() => abort.abort());
      const request = new Request('http://app.test/api/workspace/events/stream', { signal: abort.signal });
      return readSse(await workspaceStream({ request, db: database.db, listener, presence: here, branch, userId }));
    };
    const watcher = await open(alice);
    await open(bob);
    const bobShown = () =>
      watcher.events
        .filter((event) => event.event === 'presence')
        .map((event) => JSON.parse(event.data) as PresenceEntry)
        .filter((entry) => entry.user.id === bob);
    await watcher.until(() => bobShown().some((entry) => entry.online));
    const releaseThere = there.hold(bob, branch);
    await there.flush();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const notifiedBefore = notifiedFor(branch).length;

    releaseThere();
    // The offline mark, then the heartbeat that undoes it: two notifications naming bob.
    await waitFor(() => notifiedFor(branch).slice(notifiedBefore).filter((payload) => payload.users?.includes(bob)).length >= 2, 'the offline mark and its undoing');
    await eventually(async () => (await rows(branch)).find((row) => row.user_id === bob)!.left_at === null, 'bob online again');
    expect(await entryOf(branch, bob)).toMatchObject({ online: true });
    expect(bobShown().every((entry) => entry.online)).toBe(true);
  });

  it('holds presence while a branch stream is open, and tells its other streams when the person leaves or goes silent', async () => {
    const presence = writer({ graceMs: 200 });
    const branch = freshBranch();
    const [alice, bob, carol] = users.map((user) => user.id) as [string, string, string];
    presence.put(alice, branch, { page: 'code', cursor: null, selection: null });
    presence.put(bob, branch, { page: 'code', cursor: null, selection: null });
    await presence.flush();
    // Carol's instance died 29.5 s ago: nobody writes, the sweep notices her heartbeat turning 30 s old.
    await sql`INSERT INTO workspace_presence (user_id, owner, repo, branch, page, heartbeat_at)
      VALUES (${carol}, ${branch.owner}, ${branch.repo}, ${branch.branch}, 'code', now() - interval '29.5 seconds')`.execute(database.db);

    const open = async (userId: string) => {
      const abort = new AbortController();
      closers.push(() => abort.abort());
      const request = new Request('http://app.test/api/workspace/events/stream', { signal: abort.signal });
      return { abort, stream: readSse(await workspaceStream({ request, db: database.db, listener, presence, branch, userId })) };
    };
    const watcher = (await open(alice)).stream;
    const leaving = await open(bob);
    const latest = (userId: string) =>
      watcher.events
        .filter((event) => event.event === 'presence')
        .map((event) => JSON.parse(event.data) as PresenceEntry)
        .filter((entry) => entry.user.id === userId)
        .at(-1);

    await watcher.until(() => latest(bob)?.online === true && latest(carol)?.online === true);
    await watcher.until(() => latest(carol)?.online === false, 10_000);
    expect(latest(bob)).toMatchObject({ online: true });

    leaving.abort.abort();
    await watcher.until(() => latest(bob)?.online === false, 10_000);
    expect(latest(alice)).toMatchObject({ online: true });
  });
});
