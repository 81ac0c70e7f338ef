import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '@/lib/auth/guard';
import type { PgListener, RealtimeChannel } from '@/lib/realtime/listener';
import type { EventsPage, PresenceEntry, WorkspaceEventView } from '@/lib/workspace/collab-protocol';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startTestGitHub, type TestGitHub } from '../support/github';
import { readSse } from '../support/sse-client';
import { signInUser } from '../support/users';
import { asQuery, freshBranch, testListener, testPresenceWriter, workspaceRoutes } from './support';

let github: TestGitHub;
let database: TestDatabase;
let listener: PgListener<RealtimeChannel>;
const users: Record<string, SessionUser> = {};
const as = (login?: string) => workspaceRoutes(login ? users[login]! : null, database.db, listener);

beforeAll(async () => {
  github = await startTestGitHub();
  database = await createTestDatabase();
  listener = testListener(database.url);
  await listener.ready;
  for (const login of ['alice', 'bob', 'carol', 'dave']) users[login] = await signInUser(github, database.db, login);
});

afterAll(async () => {
  if (database) await testPresenceWriter(database.db).close();
  await listener?.close();
  await database?.drop();
  await github?.close();
});

const cursorAt = { path: 'src/main.ts', line: 3, ch: 4 };
const selection = { anchor: { line: 3, ch: 0 }, head: { line: 3, ch: 4 } };

describe('presence', () => {
  it('is recorded for the signed-in user only (a body naming someone is refused) and listed with their profile', async () => {
    const branch = freshBranch();
    const forged = await as('bob').putPresence({ ...branch, page: 'code', cursor: cursorAt, selection, user_id: users.alice!.id });
    expect(forged.status).toBe(400);
    expect(((await forged.json()) as { error: { message: string } }).error.message).toContain('user_id');
    expect(await database.db.selectFrom('workspace_presence').select('user_id').where('branch', '=', branch.branch).execute()).toEqual([]);
    const put = await as('bob').putPresence({ ...branch, page: 'code', cursor: cursorAt, selection });
    expect(put.status).toBe(204);

    const response = await as('carol').getPresence(asQuery(branch));
    expect(response.status).toBe(200);
    const { users: listed } = (await response.json()) as { users: PresenceEntry[] };
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({
      user: { id: users.bob!.id, login: 'bob', name: 'Bob Brown', avatarUrl: expect.stringContaining('/avatars/bob') },
      page: 'code',
      cursor: cursorAt,
      selection,
      online: true,
    });
    expect(listed[0]!.ageMs).toBeLessThan(5_000);
  });

  it('replaces the whole state on each update and goes offline 30 s after the last heartbeat', async () => {
    const branch = freshBranch();
    await as('bob').putPresence({ ...branch, page: 'code', cursor: cursorAt, selection });
    await as('bob').putPresence({ ...branch, page: 'images' });
    const list = async () => ((await (await as('alice').getPresence(asQuery(branch))).json()) as { users: PresenceEntry[] }).users;
    expect(await list()).toMatchObject([{ page: 'images', cursor: null, selection: null, online: true }]);

    await sql`UPDATE workspace_presence SET heartbeat_at = now() - interval '31 seconds' WHERE branch = ${branch.branch}`.execute(database.db);
    const [stale] = await list();
    expect(stale).toMatchObject({ online: false });
    expect(stale!.ageMs).toBeGreaterThanOrEqual(31_000);

    await as('bob').putPresence({ ...branch, page: 'images' });
    expect(await list()).toMatchObject([{ online: true }]);
  });

  it('dates the last change of page, cursor or selection, which a heartbeat repeating the state leaves alone', async () => {
    const branch = freshBranch();
    const list = async () => ((await (await as('alice').getPresence(asQuery(branch))).json()) as { users: PresenceEntry[] }).users;
    await as('bob').putPresence({ ...branch, page: 'code', cursor: cursorAt, selection });
    expect((await list())[0]!.idleMs).toBeLessThan(5_000);
    const idleSince = sql`now() - interval '5 minutes'`;
    await sql`UPDATE workspace_presence SET updated_at = ${idleSince}, heartbeat_at = ${idleSince} WHERE branch = ${branch.branch}`.execute(database.db);

    await as('bob').putPresence({ ...branch, page: 'code', cursor: cursorAt, selection });
    const [heartbeat] = await list();
    expect(heartbeat).toMatchObject({ online: true });
    expect(heartbeat!.ageMs).toBeLessThan(5_000);
    expect(heartbeat!.idleMs).toBeGreaterThanOrEqual(300_000);

    await as('bob').putPresence({ ...branch, page: 'code', cursor: { ...cursorAt, ch: 5 } });
    expect((await list())[0]!.idleMs).toBeLessThan(5_000);
  });

  it('refuses bad input with a clear 400', async () => {
    const branch = freshBranch();
    const cases: Array<[unknown, string]> = [
      [{ ...branch, page: 'nowhere' }, 'page'],
      [{ ...branch, page: 'code', cursor: { ...cursorAt, line: 0 } }, 'cursor.line'],
      [{ ...branch, page: 'code', selection }, 'selection: a selection needs a cursor'],
      [{ ...branch, branch: 'bad..name', page: 'code' }, 'branch: Branch name cannot contain ".."'],
      ['{not json', 'not valid JSON'],
    ];
    for (const [body, message] of cases) {
      const response = await as('bob').putPresence(body);
      expect(response.status, message).toBe(400);
      expect(((await response.json()) as { error: { message: string } }).error.message).toContain(message);
    }
    const missingBranch = await as('bob').getPresence({ owner: 'alice', repo: 'sample-game' });
    expect(missingBranch.status).toBe(400);
    expect(await missingBranch.json()).toMatchObject({ error: { code: 'validation_failed' } });
  });
});

describe('events', () => {
  const note = (text: string, extra: Record<string, unknown> = {}) => ({ type: 'note', payload: { text }, ...extra });

  it('are appended as the signed-in user, validated, and read back in order after a sequence', async () => {
    const branch = freshBranch();
    const forged = await as('bob').postEvent({ ...branch, ...note('hi', { page: 'code', path: 'a.ts' }), userId: users.alice!.id });
    expect(forged.status).toBe(400);
    const posted: WorkspaceEventView[] = [];
    for (const path of ['a.ts', 'b.ts', 'c.ts']) {
      const response = await as('bob').postEvent({ ...branch, ...note(`  About ${path}  `, { page: 'code', path }) });
      expect(response.status).toBe(201);
      posted.push(((await response.json()) as { event: WorkspaceEventView }).event);
    }
    expect(posted.map((event) => event.user.login)).toEqual(['bob', 'bob', 'bob']);
    const rows = await database.db.selectFrom('workspace_events').select('user_id').where('branch', '=', branch.branch).execute();
    expect(rows.map((row) => row.user_id)).toEqual([users.bob!.id, users.bob!.id, users.bob!.id]);

    const recent = (await (await as('carol').getEvents({ ...asQuery(branch), limit: '2' })).json()) as EventsPage;
    expect(recent.events.map((event) => event.path)).toEqual(['b.ts', 'c.ts']);
    expect(recent.lastId).toBe(posted[2]!.id);
    expect(recent.events[0]).toMatchObject({ type: 'note', page: 'code', payload: { text: 'About b.ts' }, user: { name: 'Bob Brown' } });

    const after = (await (await as('carol').getEvents({ ...asQuery(branch), after: posted[0]!.id })).json()) as EventsPage;
    expect(after.events.map((event) => event.id)).toEqual([posted[1]!.id, posted[2]!.id]);
    const none = (await (await as('carol').getEvents({ ...asQuery(branch), after: posted[2]!.id })).json()) as EventsPage;
    expect(none).toEqual({ events: [], lastId: posted[2]!.id });

    const empty = (await (await as('carol').getEvents(asQuery(freshBranch()))).json()) as EventsPage;
    expect(empty).toEqual({ events: [], lastId: '0' });
  });

  it('never take a claim of a change from a client, not even from the owner: only the server logs changes', async () => {
    const branch = freshBranch();
    const claims: Array<[string, Record<string, unknown>]> = [
      ['commit', { path: 'README.md', payload: { sha: 'deadbeef'.repeat(5), message: 'Deleted everything', paths: ['README.md'] } }],
      ['chat_commit', { payload: { sha: 'deadbeef'.repeat(5), fileCount: 3 } }],
      ['file_delete', { path: 'README.md', payload: {} }],
      ['image_edit', { path: 'assets/hero.png' }],
      ['image_upload', { path: 'assets/evil.png' }],
      ['scene_update', { path: 'scenes/level1.scene.json' }],
      ['file_edit', { path: 'a.ts' }],
      ['branch_created', { payload: { baseBranch: 'main' } }],
    ];
    for (const login of ['carol', 'alice']) {
      for (const [type, fields] of claims) {
        const response = await as(login).postEvent({ ...branch, type, ...fields });
        expect(response.status, `${type} as ${login}`).toBe(400);
        expect(((await response.json()) as { error: { message: string } }).error.message).toContain('type must be one of: note');
      }
    }
    expect(await database.db.selectFrom('workspace_events').select('id').where('branch', '=', branch.branch).execute()).toEqual([]);
  });

  it('validate a note’s payload and refuse unknown types and oversized bodies', async () => {
    const branch = freshBranch();
    const bad: unknown[] = [
      { ...branch, type: 'note' },
      { ...branch, type: 'note', payload: {} },
      { ...branch, type: 'note', payload: { text: '   ' } },
      { ...branch, type: 'note', payload: { text: 'x'.repeat(1_001) } },
      { ...branch, type: 'note', payload: { text: 'hi', sha: 'deadbeef'.repeat(5) } },
      { ...branch, type: 'note', payload: { text: 7 } },
      { ...branch, ...note('hi', { path: '../etc/passwd' }) },
      { ...branch, ...note('hi', { page: 'admin' }) },
      { ...branch, type: 'rm_rf', payload: { text: 'hi' } },
      { ...branch, type: 42 },
    ];
    for (const body of bad) {
      const response = await as('bob').postEvent(body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('validation_failed');
    }
    const huge = await as('bob').postEvent({ ...branch, ...note('x'.repeat(100_000)) });
    expect(huge.status).toBe(413);
    const badAfter = await as('bob').getEvents({ ...asQuery(branch), after: '-1' });
    expect(badAfter.status).toBe(400);
    expect(await database.db.selectFrom('workspace_events').select('id').where('branch', '=', branch.branch).execute()).toEqual([]);
  });
});

describe('access', () => {
  it('is a 404 for users without access on every endpoint and the stream, and a 401 when signed out', async () => {
    const branch = freshBranch();
    const calls = (login?: string) => {
      const routes = as(login);
      return [
        routes.putPresence({ ...branch, page: 'code' }),
        routes.getPresence(asQuery(branch)),
        routes.postEvent({ ...branch, type: 'note', payload: { text: 'hi' } }),
        routes.getEvents(asQuery(branch)),
        routes.openStream(asQuery(branch)),
      ];
    };
    for (const response of await Promise.all(calls('dave'))) {
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({
        error: { code: 'not_found', message: 'Repository alice/sample-game was not found, or you do not have access to it.' },
      });
    }
    for (const response of await Promise.all(calls(undefined))) expect(response.status).toBe(401);
    const missing = await as('alice').openStream({ ...asQuery(branch), repo: 'no-such-repo' });
    expect(missing.status).toBe(404);
    expect(await database.db.selectFrom('workspace_presence').select('user_id').where('branch', '=', branch.branch).execute()).toEqual([]);
  });

  it('lets a read-only collaborator take part', async () => {
    const branch = freshBranch();
    expect((await as('carol').putPresence({ ...branch, page: 'preview' })).status).toBe(204);
    expect((await as('carol').postEvent({ ...branch, type: 'note', path: 'scenes/level1.json', payload: { text: 'The ground is too low' } })).status).toBe(201);
  });
});

describe('the branch stream', () => {
  it('sends presence on connect and on every change, and events as they are appended', async () => {
    const branch = freshBranch();
    await as('bob').putPresence({ ...branch, page: 'code' });
    const abort = new AbortController();
    const response = await as('carol').openStream(asQuery(branch), { signal: abort.signal });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const stream = readSse(response);
    const presence = () => stream.events.filter((event) => event.event === 'presence').map((event) => JSON.parse(event.data) as PresenceEntry);

    await stream.until(() => presence().length >= 1);
    expect(presence()[0]).toMatchObject({ user: { login: 'bob' }, page: 'code', online: true });

    await as('alice').putPresence({ ...branch, page: 'sounds' });
    await stream.until(() => presence().some((entry) => entry.user.login === 'alice'));
    await as('bob').putPresence({ ...branch, page: 'code', cursor: cursorAt });
    await stream.until(() => presence().some((entry) => entry.cursor !== null));
    expect(presence().at(-1)).toMatchObject({ user: { login: 'bob' }, cursor: cursorAt });

    const posted = (await (await as('bob').postEvent({ ...branch, type: 'note', path: 'images/hero.png', payload: { text: 'Nice hero' } })).json()) as {
      event: WorkspaceEventView;
    };
    const [delivered] = (await stream.until((events) => events.some((event) => event.event === 'workspace-event'))).filter(
      (event) => event.event === 'workspace-event',
    );
    expect(delivered!.id).toBe(posted.event.id);
    expect(JSON.parse(delivered!.data)).toMatchObject({ type: 'note', path: 'images/hero.png', payload: { text: 'Nice hero' }, user: { login: 'bob' } });
    abort.abort();
  });

  it('starts at the latest event, and replays exactly what was missed after Last-Event-ID (header or query)', async () => {
    const branch = freshBranch();
    const post = async (path: string) =>
      ((await (await as('bob').postEvent({ ...branch, type: 'note', path, payload: { text: path } })).json()) as { event: WorkspaceEventView }).event.id;
    const before = await post('old.ts');
    const fresh = readSse(await as('carol').openStream(asQuery(branch)));
    const missed = [await post('one.ts'), await post('two.ts')];
    const eventIds = (reader: ReturnType<typeof readSse>) => reader.events.filter((event) => event.event === 'workspace-event').map((event) => event.id);
    await fresh.until(() => eventIds(fresh).length >= 2);
    expect(eventIds(fresh)).toEqual(missed);

    const byHeader = readSse(await as('carol').openStream(asQuery(branch), { headers: { 'last-event-id': before } }));
    await byHeader.until(() => eventIds(byHeader).length >= 2);
    const byQuery = readSse(await as('carol').openStream({ ...asQuery(branch), lastEventId: missed[0]! }));
    await byQuery.until(() => eventIds(byQuery).length >= 1);
    const last = await post('three.ts');
    await byHeader.until(() => eventIds(byHeader).length >= 3);
    await byQuery.until(() => eventIds(byQuery).length >= 2);
    expect(eventIds(byHeader)).toEqual([...missed, last]);
    expect(eventIds(byQuery)).toEqual([missed[1], last]);
    await Promise.all([fresh.cancel(), byHeader.cancel(), byQuery.cancel()]);
  });
});
