import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEGACY_SCHEMA_VERSION } from '@/db/migrations';
import { migrateTo, migrateToLatest } from '@/lib/db/migrate';
import { createTestDatabase, type TestDatabase } from '../support/database';

const SESSIONS = 2_000;
const MESSAGES_PER_SESSION = 3;
const EVENTS_PER_SESSION = 2;
const legacyStatuses = ['pending', 'running', 'completed', 'error'] as const;
const expectedStatus = { pending: 'queued', running: 'running', completed: 'completed', error: 'failed' };

describe('sessions → agents migration', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase({ migrate: false });
    await migrateTo(database.db, LEGACY_SCHEMA_VERSION);
    // Seed legacy rows the way the old app wrote them: text ids, session paths, json columns.
    await sql`
      INSERT INTO chat_sessions (id, user_id, session_path, repository_owner, repository_name, user_request,
        status, base_branch, branch, total_cost, created_at)
      SELECT 'sess-' || i, 'user-' || (i % 7), 'alice/game/claude/task-' || i, 'alice', 'game',
        'Fix bug #' || i || E' — ünïcödé\nsecond line',
        (ARRAY['pending','running','completed','error'])[1 + i % 4],
        'main', 'claude/task-' || i || '/x', i * 0.001, now() - make_interval(secs => i)
      FROM generate_series(1, ${SESSIONS}) AS i`.execute(database.db);
    await sql`
      INSERT INTO messages (chat_session_id, type, content, images)
      SELECT 'sess-' || i, (ARRAY['user','assistant','system'])[m], 'message ' || m || ' of ' || i,
        CASE WHEN m = 1 THEN '[{"name":"a.png"}]'::json END
      FROM generate_series(1, ${SESSIONS}) AS i, generate_series(1, ${MESSAGES_PER_SESSION}) AS m`.execute(
      database.db,
    );
    await sql`
      INSERT INTO events (chat_session_id, event_data)
      SELECT 'sess-' || i, json_build_object('type', CASE WHEN e = 1 THEN 'tool_use' END, 'n', e, 'session', i)
      FROM generate_series(1, ${SESSIONS}) AS i, generate_series(1, ${EVENTS_PER_SESSION}) AS e`.execute(
      database.db,
    );
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('keeps every session, message and event under the new names', async () => {
    const before = await sql<{ id: string; content: string; chat_session_id: string }>`
      SELECT id::text, content, chat_session_id FROM messages ORDER BY id`.execute(database.db);
    const beforeEvents = await sql<{ id: string; chat_session_id: string; event_data: unknown }>`
      SELECT id::text, chat_session_id, event_data FROM events ORDER BY id`.execute(database.db);

    await migrateToLatest(database.db);

    const tables = await sql<{ table_name: string }>`
      SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`.execute(database.db);
    const names = tables.rows.map((row) => row.table_name);
    expect(names).toEqual(expect.arrayContaining(['agents', 'agent_messages', 'agent_events']));
    expect(names).not.toEqual(expect.arrayContaining(['chat_sessions']));
    expect(names).not.toContain('messages');
    expect(names).not.toContain('events');

    const columns = await sql<{ column_name: string }>`
      SELECT column_name FROM information_schema.columns WHERE table_name = 'agents'`.execute(database.db);
    const agentColumns = columns.rows.map((row) => row.column_name);
    expect(agentColumns).toContain('task_request');
    expect(agentColumns).not.toContain('user_request');
    expect(agentColumns).not.toContain('session_path');

    const agents = await database.db.selectFrom('agents').selectAll().orderBy('id').execute();
    expect(agents).toHaveLength(SESSIONS);
    const byId = new Map(agents.map((agent) => [agent.id, agent]));
    for (let i = 1; i <= SESSIONS; i++) {
      const agent = byId.get(`sess-${i}`);
      expect(agent, `sess-${i}`).toBeDefined();
      expect(agent?.task_request).toBe(`Fix bug #${i} — ünïcödé\nsecond line`);
      expect(agent?.branch).toBe(`claude/task-${i}/x`);
      expect(agent?.base_branch).toBe('main');
      expect(agent?.user_id).toBe(`user-${i % 7}`);
      expect(agent?.status).toBe(expectedStatus[legacyStatuses[i % 4]!]);
      expect(Number(agent?.total_cost)).toBeCloseTo(i * 0.001, 6);
    }

    const after = await database.db
      .selectFrom('agent_messages')
      .select([sql<string>`id::text`.as('id'), 'content', 'agent_id', 'images'])
      .orderBy('id')
      .execute();
    expect(after.map(({ id, content, agent_id }) => ({ id, content, chat_session_id: agent_id }))).toEqual(
      before.rows,
    );
    expect(after.filter((message) => message.images !== null)).toHaveLength(SESSIONS);

    const afterEvents = await database.db
      .selectFrom('agent_events')
      .select([sql<string>`id::text`.as('id'), 'agent_id', 'event_data', 'event_type'])
      .orderBy('id')
      .execute();
    expect(afterEvents.map(({ id, agent_id, event_data }) => ({ id, chat_session_id: agent_id, event_data }))).toEqual(
      beforeEvents.rows,
    );
    expect(new Set(afterEvents.map((event) => event.event_type))).toEqual(new Set(['tool_use', 'legacy']));
  });

  it('continues the id sequences as bigint after the legacy ids', async () => {
    const inserted = await database.db
      .insertInto('agent_events')
      .values({ agent_id: 'sess-1', event_type: 'status', event_data: JSON.stringify({ status: 'running' }) })
      .returning(sql<string>`id::text`.as('id'))
      .executeTakeFirstOrThrow();
    expect(Number(inserted.id)).toBe(SESSIONS * EVENTS_PER_SESSION + 1);
    const types = await sql<{ table_name: string; data_type: string }>`
      SELECT table_name, data_type FROM information_schema.columns
      WHERE column_name = 'id' AND table_name IN ('agent_messages', 'agent_events')`.execute(database.db);
    expect(types.rows.every((row) => row.data_type === 'bigint')).toBe(true);
  });

  it('rejects statuses outside the agent lifecycle', async () => {
    await expect(
      database.db.updateTable('agents').set({ status: 'pending' as never }).where('id', '=', 'sess-1').execute(),
    ).rejects.toThrow(/agents_status_check/);
  });

  it('migrates down to the legacy schema and back up without losing rows', async () => {
    await migrateTo(database.db, '0001_legacy_sessions');
    const legacy = await sql<{ sessions: number; messages: number; events: number; request: string }>`
      SELECT (SELECT count(*)::int FROM chat_sessions) AS sessions,
             (SELECT count(*)::int FROM messages) AS messages,
             (SELECT count(*)::int FROM events) AS events,
             (SELECT user_request FROM chat_sessions WHERE id = 'sess-42') AS request`.execute(database.db);
    expect(legacy.rows[0]).toEqual({
      sessions: SESSIONS,
      messages: SESSIONS * MESSAGES_PER_SESSION,
      events: SESSIONS * EVENTS_PER_SESSION + 1,
      request: 'Fix bug #42 — ünïcödé\nsecond line',
    });
    await migrateToLatest(database.db);
    const agents = await sql<{ n: number }>`SELECT count(*)::int AS n FROM agents`.execute(database.db);
    expect(agents.rows[0]?.n).toBe(SESSIONS);
  });
});
