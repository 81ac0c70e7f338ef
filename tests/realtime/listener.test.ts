import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '@/lib/db/embedded';
import { getListener, type NotificationPayload, PgListener, REALTIME_CHANNELS } from '@/lib/realtime/listener';
import { createPresenceWriter } from '@/lib/workspace/presence';
import { createTestDatabase, type TestDatabase } from '@/tests/support/database';
import { appendEvent, type Branch, branchKey, waitFor, within } from './helpers';

const main: Branch = { owner: 'octo', repo: 'hello', branch: 'feature/login' };
const other: Branch = { owner: 'octo', repo: 'hello', branch: 'main' };

let database: TestDatabase;
const listeners: PgListener[] = [];
const logs: string[] = [];

function startListener(connectionString = database.url) {
  const listener = new PgListener({
    connectionString,
    channels: REALTIME_CHANNELS,
    initialBackoffMs: 20,
    maxBackoffMs: 200,
    log: (message) => logs.push(message),
  });
  listeners.push(listener);
  return listener;
}

beforeAll(async () => {
  database = await createTestDatabase();
});

afterEach(async () => {
  await Promise.all(listeners.splice(0).map((listener) => listener.close()));
  logs.length = 0;
});

afterAll(async () => {
  await database.drop();
});

describe('PgListener', () => {
  it('routes a trigger notification to the subscribers of its key only', async () => {
    const listener = startListener();
    const forMain: NotificationPayload[] = [];
    const forOther: NotificationPayload[] = [];
    listener.subscribe('workspace_events', branchKey(main), (payload) => forMain.push(payload));
    listener.subscribe('workspace_events', branchKey(other), (payload) => forOther.push(payload));
    await listener.ready;
    expect(listener.connected).toBe(true);
    expect(listener.backendPid()).toEqual(expect.any(Number));

    const row = await appendEvent(database.db, main);
    await waitFor(() => forMain.length === 1, 'notification for main');
    expect(forMain[0]).toMatchObject({ id: Number(row.id), key: branchKey(main) });
    // One notification is dispatched to all its handlers at once, so "other" has had its chance.
    expect(forOther).toEqual([]);
  });

  it('delivers presence notifications of a batch with the users it wrote', async () => {
    const listener = startListener();
    const received: NotificationPayload[] = [];
    listener.subscribe('workspace_presence', branchKey(main), (payload) => received.push(payload));
    await listener.ready;
    const writer = createPresenceWriter(database.db);
    writer.put('u1', main, { page: 'code', cursor: null, selection: null });
    await writer.close();
    await waitFor(() => received.length === 1, 'presence notification');
    expect(received[0]).toMatchObject({ users: ['u1'], key: branchKey(main) });
  });

  it('stops delivering after unsubscribe, and a throwing handler does not starve the others', async () => {
    const listener = startListener();
    const kept: NotificationPayload[] = [];
    const dropped: NotificationPayload[] = [];
    listener.subscribe('workspace_events', branchKey(main), () => {
      throw new Error('boom');
    });
    const unsubscribe = listener.subscribe('workspace_events', branchKey(main), (payload) => dropped.push(payload));
    listener.subscribe('workspace_events', branchKey(main), (payload) => kept.push(payload));
    await listener.ready;
    unsubscribe();
    await appendEvent(database.db, main);
    await waitFor(() => kept.length === 1, 'notification to the remaining handler');
    expect(dropped).toEqual([]);
    expect(logs).toContain('notification handler failed: boom');
  });

  it('ignores malformed payloads', async () => {
    const listener = startListener();
    const received: NotificationPayload[] = [];
    listener.subscribe('agent_events', 'agent-1', (payload) => received.push(payload));
    await listener.ready;
    await database.pool.query(`SELECT pg_notify('agent_events', 'not json'), pg_notify('agent_events', '[1]')`);
    await database.pool.query(`SELECT pg_notify('agent_events', '{"key":"agent-1","id":3}')`);
    await waitFor(() => received.length === 1, 'well-formed notification');
    expect(received[0]).toEqual({ key: 'agent-1', id: 3 });
    expect(logs.filter((line) => line.includes('malformed'))).toHaveLength(2);
  });

  it('rejects subscriptions to channels it does not listen on', () => {
    const listener = startListener();
    expect(() => (listener as PgListener).subscribe('nope', 'k', () => {})).toThrow(/does not listen/);
  });

  it('reconnects after its backend is terminated, runs reconnect hooks, and delivers again', async () => {
    const listener = startListener();
    let hookRuns = 0;
    listener.onReconnect(() => hookRuns++);
    const received: NotificationPayload[] = [];
    listener.subscribe('workspace_events', branchKey(main), (payload) => received.push(payload));
    await listener.ready;
    expect(hookRuns).toBe(0); // the first connect is not a reconnect

    const firstPid = listener.backendPid();
    const reconnected = new Promise<void>((resolve) => listener.onReconnect(resolve));
    await database.pool.query('SELECT pg_terminate_backend($1)', [firstPid]);
    await within(reconnected, 'reconnect hook');
    expect(hookRuns).toBe(1);
    expect(listener.connected).toBe(true);
    expect(listener.backendPid()).not.toBe(firstPid);

    const row = await appendEvent(database.db, main);
    await waitFor(() => received.length === 1, 'notification after reconnect');
    expect(received[0]).toMatchObject({ id: Number(row.id) });
  });

  it('keeps retrying while the server is unreachable, without crashing, until closed', async () => {
    const unreachable = `postgres://postgres@127.0.0.1:${await freePort()}/nowhere`;
    const listener = startListener(unreachable);
    await waitFor(() => logs.filter((line) => line.startsWith('LISTEN connect failed')).length >= 3, 'retries');
    expect(listener.connected).toBe(false);
    expect(listener.backendPid()).toBeNull();
    await listener.close();
    await expect(listener.ready).rejects.toThrow(/closed/);
  });

  it('can be closed while its first connection is still being set up', async () => {
    const listener = startListener();
    await within(listener.close(), 'close during connect');
    await expect(listener.ready).rejects.toThrow(/closed/);
    expect(listener.connected).toBe(false);
  });

  it('stays down after close(), even when its connection ends', async () => {
    const listener = startListener();
    let hookRuns = 0;
    listener.onReconnect(() => hookRuns++);
    await listener.ready;
    await listener.close();
    expect(listener.connected).toBe(false);
    expect(listener.backendPid()).toBeNull();
    expect(hookRuns).toBe(0);
    expect(logs).toEqual([]);
  });

  it('getListener() is one process-wide listener on DATABASE_URL, kept on globalThis', async () => {
    const previousUrl = process.env.DATABASE_URL;
    process.env.DATABASE_URL = database.url;
    const slot = Symbol.for('webedt.realtime.listener');
    const store = globalThis as Record<symbol, unknown>;
    try {
      const listener = getListener();
      listeners.push(listener);
      expect(getListener()).toBe(listener);
      expect(store[slot]).toBe(listener);
      await listener.ready;
      expect(listener.connected).toBe(true);
    } finally {
      delete store[slot];
      // Assigning undefined to process.env would store the string "undefined".
      if (previousUrl === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = previousUrl;
    }
  });
});
