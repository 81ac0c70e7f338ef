import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GITHUB_MATCHED_USER, layOutPreviousServer, type PreviousServerVersion } from '@/emulators/previous-server/database';
import { listAgents } from '@/lib/agents/queries';
import { upsertGitHubUser } from '@/lib/auth/tokens';
import { migrations } from '@/db/migrations';
import { cleanUpLegacy, migrateDatabase, migrateToLatest } from '@/lib/db/migrate';
import { createTestDatabase, type TestDatabase } from '../support/database';

const SEED = { users: 40, sessions: 2_000, messagesPerSession: 3, eventsPerSession: 2 };
const SECRET_COLUMNS = ['password_hash', 'github_access_token', 'claude_auth', 'codex_auth', 'gemini_auth', 'openrouter_api_key', 'image_ai_keys'];
/** Costs numeric(12, 6) holds exactly; any other text stays in legacy_total_cost. */
const EXACT_COSTS: Record<string, number> = { '0.123456': 0.123456, '1.5': 1.5 };

type Row = Record<string, unknown>;

// Signing in stores the GitHub token encrypted under a key derived from it (read once, before any sign-in).
process.env.AUTH_SECRET ??= 'test-secret-test-secret-test-secret-0123';

/** Every row of a table as PostgreSQL's own JSON, by key. */
async function rowsOf(db: Kysely<unknown>, table: string, key = 'id'): Promise<Map<string, Row>> {
  const { rows } = await sql<{ row: Row }>`SELECT to_jsonb(t) AS row FROM ${sql.table(table)} AS t`.execute(db);
  return new Map(rows.map(({ row }) => [String(row[key]), row]));
}

/** A `timestamp` of the previous server (written in UTC) and a `timestamptz` compare as instants. */
function instant(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  const text = String(value);
  return Date.parse(/[zZ]|[+-]\d\d:\d\d$/.test(text) ? text : `${text}Z`);
}

function withInstants(row: Row, columns: string[]): Row {
  return { ...row, ...Object.fromEntries(columns.map((column) => [column, instant(row[column])])) };
}

function pick(row: Row | undefined, keys: string[]): Row {
  return Object.fromEntries(keys.map((key) => [key, row?.[key]]));
}

/** Everything an upgrade could change: every object's definition and every row of every table. */
async function snapshot(db: Kysely<unknown>): Promise<unknown> {
  const userSchemas = sql`n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'`;
  const catalog = await sql<{ entry: string }>`
    SELECT n.nspname || '.' || c.relname || ' ' || c.relkind::text AS entry
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE ${userSchemas}
    UNION ALL SELECT table_schema || '.' || table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable
      || ' ' || coalesce(column_default, '') FROM information_schema.columns
      WHERE table_schema NOT IN ('pg_catalog', 'information_schema')
    UNION ALL SELECT conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint
      WHERE connamespace NOT IN (SELECT oid FROM pg_namespace WHERE nspname IN ('pg_catalog', 'information_schema'))
    UNION ALL SELECT indexdef FROM pg_indexes WHERE schemaname NOT IN ('pg_catalog', 'information_schema')
    UNION ALL SELECT tgrelid::regclass::text || ' ' || tgname FROM pg_trigger WHERE NOT tgisinternal
    UNION ALL SELECT n.nspname || '.' || p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
      WHERE ${userSchemas}
    UNION ALL SELECT schemaname || '.' || sequencename || ' ' || coalesce(last_value::text, '-') FROM pg_sequences
    ORDER BY 1`.execute(db);
  const tables = await sql<{ name: string }>`
    SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) AS name FROM information_schema.tables
    WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1`.execute(db);
  const rows: Record<string, string[]> = {};
  for (const { name } of tables.rows) {
    const result = await sql<{ row: string }>`SELECT to_jsonb(t)::text AS row FROM ${sql.raw(name)} AS t ORDER BY 1`.execute(db);
    rows[name] = result.rows.map((entry) => entry.row);
  }
  return { catalog: catalog.rows.map((entry) => entry.entry), rows };
}

describe.each<PreviousServerVersion>(['first', 'later'])('upgrading the %s version of the previous server', (version) => {
  let database: TestDatabase;
  let db: Kysely<unknown>;
  const before: Record<string, Map<string, Row>> = {};

  beforeAll(async () => {
    database = await createTestDatabase({ migrate: false });
    db = database.db as unknown as Kysely<unknown>;
    await layOutPreviousServer(db, version, SEED);
    for (const table of ['chat_sessions', 'messages', 'events', 'users', 'sessions']) before[table] = await rowsOf(db, table);
    if (version === 'later') {
      before.organizations = await rowsOf(db, 'organizations');
      before.organization_members = await rowsOf(db, 'organization_members', 'user_id');
    }
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('is not adopted by a plain start (npm start), which points to npm run db:migrate and changes nothing', async () => {
    const untouched = await snapshot(db);
    await expect(migrateToLatest(db)).rejects.toThrow(/previous WebEDT server: back it up, then upgrade it with `npm run db:migrate`/);
    expect(await snapshot(db)).toEqual(untouched);
  });

  it('dry run: reports the starting point and the rows per table, and writes nothing', async () => {
    const untouched = await snapshot(db);
    const report = await migrateDatabase(db, { dryRun: true, adoptPreviousServer: true, countRows: true });
    expect(await snapshot(db)).toEqual(untouched);

    expect(report.startingPoint).toBe('previous-server');
    expect(report.applied[0]).toMatch(/0001_legacy_sessions/);
    const rows = Object.fromEntries(report.tables.map((entry) => [entry.table, entry.rows]));
    expect(rows).toMatchObject({
      agents: SEED.sessions,
      agent_messages: SEED.sessions * SEED.messagesPerSession,
      agent_events: SEED.sessions * SEED.eventsPerSession,
      legacy_users: SEED.users,
      users: 0,
      'legacy.sessions': SEED.users,
      'legacy.user_secrets': SEED.users,
    });
    expect(report.notes.join('\n')).toMatch(/Legacy users with no github_id .*: 10: user-12@example.com \(legacy-user-12\), .*user-4@example.com \(legacy-user-4\)/);
  });

  it('upgrades in place and carries every row over', async () => {
    const report = await migrateDatabase(db, { adoptPreviousServer: true });
    expect(report.startingPoint).toBe('previous-server');

    const agents = await rowsOf(db, 'agents');
    expect(agents.size).toBe(SEED.sessions);
    const timestamps = ['created_at', 'completed_at', 'deleted_at', 'worker_last_activity'];
    for (const [id, legacy] of before.chat_sessions!) {
      const { user_request, status, total_cost, auto_commit, locked, ...kept } = legacy;
      delete kept.session_path;
      const cost = total_cost as string | null;
      const expected = withInstants(
        {
          ...kept,
          issue_number: kept.issue_number ?? null,
          remote_session_id: kept.remote_session_id ?? null,
          remote_web_url: kept.remote_web_url ?? null,
          task_request: user_request,
          status: status === 'completed' ? 'completed' : 'failed',
          legacy_status: status === 'completed' || status === 'error' ? null : status,
          total_cost: cost === null ? null : (EXACT_COSTS[cost] ?? null),
          legacy_total_cost: cost !== null && !(cost in EXACT_COSTS) ? cost : null,
          auto_commit: auto_commit ?? false,
          locked: locked ?? false,
        },
        timestamps,
      );
      const agent = agents.get(id);
      expect(agent, id).not.toHaveProperty('session_path');
      expect(agent, id).not.toHaveProperty('user_request');
      expect(withInstants(pick(agent, Object.keys(expected)), timestamps), id).toEqual(expected);
    }

    const messages = await rowsOf(db, 'agent_messages');
    expect(messages.size).toBe(before.messages!.size);
    for (const [id, { chat_session_id, timestamp, deleted_at, ...kept }] of before.messages!) {
      const expected = { ...kept, agent_id: chat_session_id, created_at: instant(timestamp), ...(version === 'later' ? { deleted_at } : {}) };
      const message = messages.get(id);
      expect({ ...pick(message, Object.keys(expected)), created_at: instant(message?.created_at) }, id).toEqual(expected);
    }

    const events = await rowsOf(db, 'agent_events');
    expect(events.size).toBe(before.events!.size);
    for (const [id, { chat_session_id, timestamp, ...kept }] of before.events!) {
      const expected = { ...kept, agent_id: chat_session_id, created_at: instant(timestamp) };
      const event = events.get(id);
      expect({ ...pick(event, Object.keys(expected)), created_at: instant(event?.created_at) }, id).toEqual(expected);
    }

    const legacyUsers = await rowsOf(db, 'legacy_users');
    const secrets = await rowsOf(db, 'legacy.user_secrets', 'user_id');
    expect(legacyUsers.size).toBe(SEED.users);
    for (const [id, user] of before.users!) {
      const secretColumns = Object.keys(user).filter((column) => SECRET_COLUMNS.includes(column));
      expect(legacyUsers.get(id), id).toEqual(Object.fromEntries(Object.entries(user).filter(([column]) => !secretColumns.includes(column))));
      expect(secrets.get(id), id).toEqual({ user_id: id, ...pick(user, secretColumns) });
    }
    expect(await rowsOf(db, 'legacy.sessions')).toEqual(before.sessions);
    if (version === 'later') {
      expect(await rowsOf(db, 'organizations')).toEqual(before.organizations);
      expect(await rowsOf(db, 'organization_members', 'user_id')).toEqual(before.organization_members);
    }
  });

  it('runs a second time as a no-op', async () => {
    const upgraded = await snapshot(db);
    const report = await migrateDatabase(db, { adoptPreviousServer: true });
    expect(report).toMatchObject({ startingPoint: 'webedt', applied: [], notes: [] });
    expect(await snapshot(db)).toEqual(upgraded);
  });

  it('keeps the agent tables writable, with the kept columns filled by their own defaults', async () => {
    await sql`INSERT INTO agents (id, user_id, task_request) VALUES ('after-upgrade', 'someone', 'Write the changelog')`.execute(db);
    await sql`INSERT INTO agent_events (agent_id, event_type, event_data) VALUES ('after-upgrade', 'status', '{}')`.execute(db);
    const { rows } = await sql<Row>`SELECT * FROM agents WHERE id = 'after-upgrade'`.execute(db);
    expect(rows[0]).toMatchObject({ status: 'queued', auto_commit: false });
    if (version === 'later') expect(rows[0]).toMatchObject({ favorite: false, version: 1, search_vector: expect.stringContaining('changelog') });
  });

  it('gives a legacy user’s agents to the GitHub user with the same id when they sign in', async () => {
    const owned = [...before.chat_sessions!.values()].filter((session) => session.user_id === GITHUB_MATCHED_USER.id).map((session) => session.id);
    expect(owned.length).toBeGreaterThan(0);
    const userId = await upsertGitHubUser(
      database.db,
      { id: Number(GITHUB_MATCHED_USER.githubId), login: 'dave' },
      { accessToken: 'gho_dave', accessTokenExpiresAt: null, refreshToken: null, refreshTokenExpiresAt: null },
    );
    expect(userId).not.toBe(GITHUB_MATCHED_USER.id);
    const listed = await listAgents(database.db, userId, { limit: 1_000 });
    const trash = await listAgents(database.db, userId, { trash: true, limit: 1_000 });
    expect([...listed, ...trash].map((agent) => agent.id).sort()).toEqual([...owned].sort());
  });

  it('removes the old login sessions and credentials only on npm run db:cleanup-legacy', async () => {
    const removed = await cleanUpLegacy(db);
    expect(removed).toEqual([
      { table: 'legacy.sessions', rows: SEED.users },
      { table: 'legacy.user_secrets', rows: SEED.users },
    ]);
    const { rows } = await sql<{ found: boolean }>`SELECT to_regnamespace('legacy') IS NOT NULL AS found`.execute(db);
    expect(rows[0]?.found).toBe(false);
    expect((await rowsOf(db, 'legacy_users')).size).toBe(SEED.users);
    expect(await cleanUpLegacy(db)).toEqual([]);
  });
});

describe('a failed upgrade', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase({ migrate: false });
    await layOutPreviousServer(database.db, 'later', { ...SEED, sessions: 200 });
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('leaves the database exactly as it was', async () => {
    const db = database.db as unknown as Kysely<unknown>;
    // A view of the previous server's on session_path: dropping that column (0002) must fail, late in the run.
    await sql`CREATE VIEW session_paths AS SELECT id, session_path FROM chat_sessions`.execute(db);
    const untouched = await snapshot(db);
    await expect(migrateDatabase(db, { adoptPreviousServer: true })).rejects.toThrow(
      /0002_sessions_to_agents failed: cannot drop column session_path/,
    );
    expect(await snapshot(db)).toEqual(untouched);
  });
});

describe('starting points', () => {
  it('migrates an empty database, then finds it migrated', async () => {
    const database = await createTestDatabase({ migrate: false });
    try {
      const first = await migrateDatabase(database.db);
      expect(first.startingPoint).toBe('empty');
      expect(first.applied.at(-1)).toContain(Object.keys(migrations).at(-1));
      expect(first.notes).toEqual([]);
      expect(await migrateDatabase(database.db)).toMatchObject({ startingPoint: 'webedt', applied: [] });
    } finally {
      await database.drop();
    }
  });
});
