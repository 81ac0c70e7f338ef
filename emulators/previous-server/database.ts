import { type Kysely, sql } from 'kysely';

/**
 * A stand-in for a database made by the previous WebEDT server, laid out from the facts in DESIGN.md
 * ("Upgrading a database made by the previous WebEDT server"): its first version (migration 0000) or a
 * later one with the columns and tables its later versions added. Tests and the e2e server upgrade it.
 */
export type PreviousServerVersion = 'first' | 'later';

export interface PreviousServerSeed {
  users: number;
  sessions: number;
  messagesPerSession: number;
  eventsPerSession: number;
}

/** The legacy user who is the GitHub emulator's `dave` (id 1004): signing in as dave claims their sessions. */
export const GITHUB_MATCHED_USER = { id: 'legacy-user-1', githubId: '1004', email: 'dave@example.com' };

/** Legacy sessions are `legacy-session-<i>`, owned by `legacy-user-<1 + i % users>`. */
export const legacySessionId = (i: number) => `legacy-session-${i}`;

/** Statuses the previous server wrote (it had no check constraint, so an unknown one is laid out too). */
export const LEGACY_STATUSES = ['completed', 'error', 'running', 'pending', 'archived'] as const;

/** Costs as the previous server stored them (text): numbers, and text that is not one. */
export const LEGACY_COSTS = ['0.123456', '1.5', '$2.00', '', null, '0.1234567', 'about 3 dollars'] as const;

const firstVersion = sql`
  CREATE TABLE users (
    id text PRIMARY KEY,
    email text NOT NULL UNIQUE,
    display_name text,
    password_hash text NOT NULL,
    github_id text UNIQUE,
    github_access_token text,
    claude_auth jsonb,
    codex_auth jsonb,
    gemini_auth jsonb,
    openrouter_api_key text,
    autocomplete_enabled boolean DEFAULT true,
    autocomplete_model text,
    image_ai_keys jsonb,
    image_ai_provider text,
    image_ai_model text,
    preferred_provider text NOT NULL DEFAULT 'claude',
    image_resize_max_dimension integer,
    voice_command_keywords jsonb,
    stop_listening_after_submit boolean DEFAULT false,
    default_landing_page text,
    preferred_model text,
    chat_verbosity_level text,
    is_admin boolean NOT NULL DEFAULT false,
    created_at timestamp NOT NULL DEFAULT now()
  );
  CREATE TABLE sessions (
    id text PRIMARY KEY,
    user_id text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    expires_at timestamptz NOT NULL
  );
  CREATE TABLE chat_sessions (
    id text PRIMARY KEY,
    user_id text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    session_path text UNIQUE,
    repository_owner text,
    repository_name text,
    user_request text NOT NULL,
    status text NOT NULL DEFAULT 'pending',
    repository_url text,
    base_branch text,
    branch text,
    provider text,
    provider_session_id text,
    total_cost text,
    auto_commit boolean DEFAULT false,
    locked boolean DEFAULT false,
    created_at timestamp NOT NULL DEFAULT now(),
    completed_at timestamp,
    deleted_at timestamp,
    worker_last_activity timestamp
  );
  CREATE TABLE messages (
    id serial PRIMARY KEY,
    chat_session_id text NOT NULL REFERENCES chat_sessions (id) ON DELETE CASCADE,
    type text NOT NULL,
    content text NOT NULL,
    images jsonb,
    timestamp timestamp NOT NULL DEFAULT now()
  );
  CREATE TABLE events (
    id serial PRIMARY KEY,
    chat_session_id text NOT NULL REFERENCES chat_sessions (id) ON DELETE CASCADE,
    event_type text NOT NULL,
    event_data jsonb NOT NULL,
    timestamp timestamp NOT NULL DEFAULT now()
  );
  CREATE INDEX idx_sessions_user_id ON sessions (user_id);
  CREATE INDEX idx_chat_sessions_user_id ON chat_sessions (user_id);
  CREATE INDEX idx_chat_sessions_status ON chat_sessions (status);
  CREATE INDEX idx_messages_chat_session_id ON messages (chat_session_id);
  CREATE INDEX idx_events_chat_session_id ON events (chat_session_id);
  CREATE INDEX idx_events_timestamp ON events (timestamp);
`;

/** Its migrations 0001–0002 (issues, remote sessions) and what later versions added. */
const laterVersion = sql`
  ALTER TABLE chat_sessions ADD COLUMN issue_number integer;
  CREATE INDEX idx_chat_sessions_issue_number ON chat_sessions (issue_number);
  CREATE INDEX idx_chat_sessions_issue_repo ON chat_sessions (repository_owner, repository_name, issue_number);
  ALTER TABLE chat_sessions ADD COLUMN remote_session_id text, ADD COLUMN remote_web_url text;

  CREATE TABLE organizations (
    id text PRIMARY KEY,
    name text NOT NULL,
    created_at timestamp NOT NULL DEFAULT now()
  );
  CREATE TABLE organization_members (
    organization_id text NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    user_id text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role text NOT NULL,
    PRIMARY KEY (organization_id, user_id)
  );
  ALTER TABLE chat_sessions
    ADD COLUMN organization_id text REFERENCES organizations (id) ON DELETE SET NULL,
    ADD COLUMN favorite boolean NOT NULL DEFAULT false,
    ADD COLUMN share_token text UNIQUE,
    ADD COLUMN version integer NOT NULL DEFAULT 1,
    ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (to_tsvector('english', coalesce(user_request, ''))) STORED;
  ALTER TABLE messages ADD COLUMN deleted_at timestamp;
  ALTER TABLE events ADD COLUMN uuid uuid NOT NULL DEFAULT gen_random_uuid() UNIQUE;
`;

/** Lays out the previous server's schema in an empty database and fills it with deterministic rows. */
export async function layOutPreviousServer<T>(
  database: Kysely<T>,
  version: PreviousServerVersion,
  seed: PreviousServerSeed,
): Promise<void> {
  const db = database as Kysely<unknown>;
  const { users, sessions, messagesPerSession, eventsPerSession } = seed;
  await firstVersion.execute(db);
  if (version === 'later') await laterVersion.execute(db);

  // Every fourth user never linked GitHub; user 1 is the emulator's dave.
  await sql`
    INSERT INTO users (id, email, display_name, password_hash, github_id, github_access_token, claude_auth,
      openrouter_api_key, image_ai_keys, preferred_provider, is_admin, created_at)
    SELECT 'legacy-user-' || i,
      CASE WHEN i = 1 THEN ${GITHUB_MATCHED_USER.email} ELSE 'user-' || i || '@example.com' END,
      'User ' || i, '$argon2id$v=19$hash-' || i,
      CASE WHEN i = 1 THEN ${GITHUB_MATCHED_USER.githubId} WHEN i % 4 = 0 THEN NULL ELSE (500000 + i)::text END,
      'enc:v1:github-token-' || i, jsonb_build_object('accessToken', 'enc:claude-' || i),
      'enc:openrouter-' || i, jsonb_build_object('openai', 'enc:image-' || i), 'claude', i = 2,
      timestamp '2025-11-01 08:00:00' + make_interval(hours => i)
    FROM generate_series(1, ${users}) AS i`.execute(db);
  await sql`
    INSERT INTO sessions (id, user_id, expires_at)
    SELECT 'login-' || i, 'legacy-user-' || i, timestamptz '2026-01-01 00:00:00+00' + make_interval(days => i)
    FROM generate_series(1, ${users}) AS i`.execute(db);
  await sql`
    INSERT INTO chat_sessions (id, user_id, session_path, repository_owner, repository_name, user_request, status,
      repository_url, base_branch, branch, provider, provider_session_id, total_cost, auto_commit, locked,
      created_at, completed_at, deleted_at, worker_last_activity)
    SELECT 'legacy-session-' || i, 'legacy-user-' || (1 + i % ${users}), 'alice/hello-world/webedt/task-' || i,
      'alice', 'hello-world', 'Legacy task ' || i || E': fix the greeting — ünïcödé\nsecond line',
      (${sql.lit(`{${LEGACY_STATUSES.join(',')}}`)}::text[])[1 + i % ${LEGACY_STATUSES.length}],
      'https://github.com/alice/hello-world', 'main', 'webedt/task-' || i, 'claude', 'provider-' || i,
      (ARRAY[${sql.join(LEGACY_COSTS.map((cost) => sql`${cost}::text`))}])[1 + i % ${LEGACY_COSTS.length}],
      CASE WHEN i % 3 = 0 THEN NULL ELSE i % 3 = 1 END, i % 5 = 0,
      timestamp '2025-12-01 10:00:00' + make_interval(secs => i),
      CASE WHEN i % 2 = 0 THEN timestamp '2025-12-02 10:00:00' + make_interval(secs => i) END,
      CASE WHEN i % 50 = 0 THEN timestamp '2025-12-03 10:00:00' END,
      timestamp '2025-12-01 10:30:00' + make_interval(secs => i)
    FROM generate_series(1, ${sessions}) AS i`.execute(db);
  await sql`
    INSERT INTO messages (chat_session_id, type, content, images, timestamp)
    SELECT 'legacy-session-' || i, (ARRAY['user', 'assistant', 'system'])[1 + (m - 1) % 3],
      'Message ' || m || ' of legacy task ' || i,
      CASE WHEN m = 1 THEN jsonb_build_array(jsonb_build_object('name', 'screen-' || i || '.png')) END,
      timestamp '2025-12-01 10:00:00' + make_interval(secs => i, mins => m)
    FROM generate_series(1, ${sessions}) AS i, generate_series(1, ${messagesPerSession}) AS m`.execute(db);
  await sql`
    INSERT INTO events (chat_session_id, event_type, event_data, timestamp)
    SELECT 'legacy-session-' || i, (ARRAY['message', 'tool_use', 'commit'])[1 + (e - 1) % 3],
      jsonb_build_object('n', e, 'session', i, 'text', 'step ' || e),
      timestamp '2025-12-01 10:00:00' + make_interval(secs => i, mins => e)
    FROM generate_series(1, ${sessions}) AS i, generate_series(1, ${eventsPerSession}) AS e`.execute(db);

  if (version === 'later') {
    await sql`INSERT INTO organizations (id, name) VALUES ('org-1', 'Studio One'), ('org-2', 'Studio Two')`.execute(db);
    await sql`
      INSERT INTO organization_members (organization_id, user_id, role)
      SELECT 'org-' || (1 + i % 2), 'legacy-user-' || i, 'member' FROM generate_series(1, ${users}) AS i`.execute(db);
    await sql`
      UPDATE chat_sessions SET
        issue_number = CASE WHEN n % 7 = 0 THEN n END,
        remote_session_id = CASE WHEN n % 3 = 0 THEN 'remote-' || n END,
        remote_web_url = CASE WHEN n % 3 = 0 THEN 'https://claude.ai/code/remote-' || n END,
        organization_id = CASE WHEN n % 4 <> 0 THEN 'org-' || (1 + n % 2) END,
        favorite = n % 2 = 0,
        share_token = CASE WHEN n % 10 = 0 THEN 'share-' || n END,
        version = 1 + n % 3
      FROM (SELECT id AS sid, substring(id FROM 16)::int AS n FROM chat_sessions) AS numbered
      WHERE chat_sessions.id = numbered.sid`.execute(db);
    await sql`UPDATE messages SET deleted_at = timestamp '2025-12-05 00:00:00' WHERE id % 11 = 0`.execute(db);
  }
}
