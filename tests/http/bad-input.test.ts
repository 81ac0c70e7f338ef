import { readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SessionUser } from '@/lib/auth/guard';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startTestGitHub, type TestGitHub } from '../support/github';
import { signInUser } from '../support/users';

/**
 * Every route handler under app/api, in process, against a battery of bad input: each gets a 4xx
 * with `{ error: { code, message } }` (or the route's documented success where the input is ignored),
 * never a 500, the process stays healthy and nothing is written. The table has one row per route
 * file and method it takes (every other method must be the JSON 405 of `otherMethods`); a route file
 * without a row fails the test. The same rows check the signed-out (401) and dave, who has no access (404).
 */
const session = vi.hoisted(() => ({ user: null as SessionUser | null }));

// The session is the test's; the guards, the database, GitHub and everything else are the app's own.
vi.mock('@/lib/auth', async () => {
  const { createGuards } = await import('@/lib/auth/guard');
  const { db } = await import('@/lib/db');
  const guards = createGuards({ resolveUser: async () => session.user, db, trustProxy: () => false });
  return { ...guards, sessionUser: async () => session.user };
});

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
const METHODS: Method[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
type Handler = (request: Request & NextRequest, context: { params: Promise<unknown> }) => Response | Promise<Response>;

/**
 * What a field of a body or query is, for the bad values of its kind; `?` marks an optional field
 * (not reported missing). Every kind also gets the wrong JSON types, NUL and a 1 MB string.
 */
type Kind = 'owner' | 'repo' | 'branch' | 'path' | 'text' | 'int' | 'bool' | 'sha' | 'page' | 'id' | 'object' | 'list' | 'type';
type Fields = Record<string, Kind | `${Kind}?`>;

interface Row {
  file: string;
  method: Method;
  /** The path with `:name` for each dynamic segment, filled from `params` (percent-encoded). */
  path: string;
  params?: Record<string, string | string[]>;
  /** What each param is when it is not an id (an owner, a repository, a branch). */
  paramFields?: Fields;
  query?: Record<string, string>;
  queryFields?: Fields;
  /** A valid JSON body and its fields; routes without one take no body. */
  body?: () => Record<string, unknown>;
  bodyFields?: Fields;
  /** Statuses the route answers input it ignores with (its documented success). */
  ok: number[];
  /** Anyone may call it (no sign-in). */
  public?: boolean;
  /** It answers about the signed-in user's own things (their agent list), so anyone signed in is answered. */
  own?: boolean;
  /** next-auth's routes: their successes and redirects are theirs to give; their refusals are in the API's shape. */
  foreign?: boolean;
}

const MEGABYTE = 'x'.repeat(1024 * 1024);
const BAD_BY_KIND: Record<Kind, unknown[]> = {
  owner: ['', '-x', 'x'.repeat(40), 'a b', '..', '../alice', '/alice', '%2e%2e', 'a/b', 'ålice', '💥'],
  repo: ['', '.', '..', '../sample-game', '/sample-game', 'a/b', 'x'.repeat(101), 'rép', 'a b'],
  branch: ['', '-lead', '/start', 'end/', 'a//b', 'a..b', '../main', '.hidden', 'name.lock', 'a b', 'a~b', 'a:b', 'a\\b', '@', 'x'.repeat(300)],
  path: ['', '../etc/passwd', '/etc/passwd', 'a/../../b', '.git/config', 'a/.git/HEAD', 'x'.repeat(5000)],
  text: [''],
  int: [-1, 0.5, 1e308, '1', Number.MAX_SAFE_INTEGER * 4],
  bool: ['yes', 1],
  sha: ['xyz', 'g'.repeat(40), '../x', '0'.repeat(39)],
  page: ['', 'admin', 'CODE', '../code'],
  id: ['', 'x'.repeat(500)],
  object: ['text'],
  list: ['text', [{}], ['x'], [{ data: '!not base64!' }]],
  type: ['', 'commit', 'drop_table'],
};
const WRONG_TYPES: unknown[] = [123, [], {}, true, null];
/** Query values are strings: what each kind's bad values look like there. */
const BAD_IN_QUERY: Partial<Record<Kind, string[]>> = {
  int: ['-1', '0.5', '1e308', 'abc', '99999999999999999999999'],
  bool: ['yes', 'true', '2'],
};
const UNIVERSAL_BAD = ['nul\u0000byte', MEGABYTE];

/** Bad in any path segment; an id segment also gets ids of every wrong shape, which name nothing. */
const BAD_SEGMENTS = ['..', '../../etc/passwd', '/etc/passwd', 'a\u0000b', '\u0000', 'x'.repeat(5000), '..%2f..%2f'];
const BAD_IDS = ['-1', '0', '99999999999999999999999', '1e400', '00000000-0000-0000-0000-000000000000', 'not-a-uuid', '💥', "' OR 1=1 --", '%00', '%2e%2e'];

const MALFORMED_JSON = ['{', '{"a": }', "{'single': 'quotes'}", '{"a": 1,}', 'undefined', 'NaN', '\u0000', '[1, 2', '"unterminated'];
const WRONG_JSON = ['null', '[]', '[{}]', '"text"', '42', 'true', '{}'];

const OWNER = 'alice';
const REPO = 'sample-game';
const ROUTE_ROOT = path.resolve(import.meta.dirname, '../..');

let github: TestGitHub;
let database: TestDatabase;
let dataDir: string;
const users: Record<string, SessionUser> = {};
const fixtures = { branch: '', agentId: '', groupId: '' };
const modules = new Map<string, Record<string, Handler>>();

function routeFiles(dir = path.join(ROUTE_ROOT, 'app/api')): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return entry.name === 'route.ts' ? [path.relative(ROUTE_ROOT, full)] : [];
  });
}

const where = () => ({ owner: OWNER, repo: REPO, branch: fixtures.branch });
const whereFields: Fields = { owner: 'owner', repo: 'repo', branch: 'branch' };
const agentTask = () => ({ owner: OWNER, repo: REPO, baseBranch: 'main', taskRequest: 'A task' });
const agentTaskFields: Fields = { owner: 'owner', repo: 'repo', baseBranch: 'branch', taskRequest: 'text', branchPrefix: 'text?', issueNumber: 'int?', planFirst: 'bool?' };
const chat = (rest: string) => `/api/live-chat/:owner/:repo/:branch/${rest}`;
const chatParams = () => ({ owner: OWNER, repo: REPO, branch: fixtures.branch });
const repoFields: Fields = { owner: 'owner', repo: 'repo' };

function rows(): Row[] {
  const agent = () => ({ agentId: fixtures.agentId });
  const agentPath = (rest = '') => `/api/agents/:agentId${rest}`;
  return [
    ...METHODS.map((method): Row => ({ file: 'app/api/[[...unmatched]]/route.ts', method, path: '/api/:unmatched', params: { unmatched: ['no', 'such'] }, ok: [], public: true })),
    { file: 'app/api/agents/route.ts', method: 'GET', path: '/api/agents', query: {}, queryFields: { q: 'text?', status: 'page?', trash: 'bool?' }, ok: [200], own: true },
    { file: 'app/api/agents/route.ts', method: 'POST', path: '/api/agents', body: agentTask, bodyFields: agentTaskFields, ok: [] },
    { file: 'app/api/agents/stream/route.ts', method: 'GET', path: '/api/agents/stream', ok: [200], own: true },
    { file: 'app/api/agents/[agentId]/route.ts', method: 'GET', path: agentPath(), params: agent(), ok: [200] },
    { file: 'app/api/agents/[agentId]/route.ts', method: 'DELETE', path: agentPath(), params: { agentId: 'no-such-agent' }, query: { permanent: '1' }, ok: [] },
    { file: 'app/api/agents/[agentId]/cancel/route.ts', method: 'POST', path: agentPath('/cancel'), params: { agentId: 'no-such-agent' }, ok: [] },
    { file: 'app/api/agents/[agentId]/restore/route.ts', method: 'POST', path: agentPath('/restore'), params: { agentId: 'no-such-agent' }, ok: [] },
    { file: 'app/api/agents/[agentId]/seen/route.ts', method: 'POST', path: agentPath('/seen'), params: agent(), ok: [204] },
    { file: 'app/api/agents/[agentId]/pull-request/route.ts', method: 'POST', path: agentPath('/pull-request'), params: { agentId: 'no-such-agent' }, ok: [] },
    { file: 'app/api/agents/[agentId]/stream/route.ts', method: 'GET', path: agentPath('/stream'), params: agent(), ok: [200] },
    { file: 'app/api/agents/[agentId]/messages/route.ts', method: 'GET', path: agentPath('/messages'), params: agent(), ok: [200] },
    {
      file: 'app/api/agents/[agentId]/messages/route.ts',
      method: 'POST',
      path: agentPath('/messages'),
      params: agent(),
      body: () => ({ content: 'A follow-up' }),
      bodyFields: { content: 'text' },
      ok: [],
    },
    { file: 'app/api/agents/[agentId]/plan/route.ts', method: 'POST', path: agentPath('/plan'), params: agent(), body: () => ({ plan: 'A plan' }), bodyFields: { plan: 'text' }, ok: [] },
    {
      file: 'app/api/agents/attempts/route.ts',
      method: 'POST',
      path: '/api/agents/attempts',
      body: () => ({ ...agentTask(), attempts: 1 }),
      bodyFields: { ...agentTaskFields, attempts: 'int' },
      ok: [],
    },
    { file: 'app/api/agents/attempts/[groupId]/route.ts', method: 'GET', path: '/api/agents/attempts/:groupId', params: { groupId: fixtures.groupId }, ok: [200] },
    {
      file: 'app/api/agents/attempts/[groupId]/choose/route.ts',
      method: 'POST',
      path: '/api/agents/attempts/:groupId/choose',
      params: { groupId: fixtures.groupId },
      body: () => ({ agentId: 'no-such-agent' }),
      bodyFields: { agentId: 'id' },
      ok: [],
    },
    ...(['GET', 'POST'] as const).map((method): Row => ({ file: 'app/api/auth/[...nextauth]/route.ts', method, path: '/api/auth/:nextauth', params: { nextauth: ['session'] }, ok: [], public: true, foreign: true })),
    ...(['GET', 'POST'] as const).map((method): Row => ({ file: 'app/api/bench/bare-stream/route.ts', method, path: '/api/bench/bare-stream', ok: [], public: true })),
    { file: 'app/api/health/route.ts', method: 'GET', path: '/api/health', ok: [200], public: true },
    {
      file: 'app/api/github/[owner]/[repo]/blobs/[sha]/route.ts',
      method: 'GET',
      path: '/api/github/:owner/:repo/blobs/:sha',
      params: { owner: OWNER, repo: REPO, sha: '0'.repeat(40) }, paramFields: repoFields,
      query: { path: 'README.md' },
      queryFields: { path: 'path' },
      ok: [],
    },
    { file: 'app/api/github/[owner]/[repo]/branches/route.ts', method: 'GET', path: '/api/github/:owner/:repo/branches', params: { owner: OWNER, repo: REPO }, paramFields: repoFields, ok: [200] },
    { file: 'app/api/github/[owner]/[repo]/issues/route.ts', method: 'GET', path: '/api/github/:owner/:repo/issues', params: { owner: OWNER, repo: REPO }, paramFields: repoFields, ok: [200] },
    {
      file: 'app/api/github/branches/route.ts',
      method: 'POST',
      path: '/api/github/branches',
      body: () => ({ owner: OWNER, repo: REPO, baseBranch: 'no-such-base', newBranch: 'never/made' }),
      bodyFields: { owner: 'owner', repo: 'repo', baseBranch: 'branch', newBranch: 'branch' },
      ok: [],
    },
    { file: 'app/api/live-chat/[owner]/[repo]/[branch]/messages/route.ts', method: 'GET', path: chat('messages'), params: chatParams(), paramFields: whereFields, ok: [200] },
    {
      file: 'app/api/live-chat/[owner]/[repo]/[branch]/messages/route.ts',
      method: 'POST',
      path: chat('messages'),
      params: chatParams(), paramFields: whereFields,
      body: () => ({ content: 'Hello', attachment: { path: 'README.md' } }),
      bodyFields: { content: 'text', attachment: 'object?', images: 'list?' },
      ok: [],
    },
    { file: 'app/api/live-chat/[owner]/[repo]/[branch]/messages/route.ts', method: 'DELETE', path: chat('messages'), params: chatParams(), paramFields: whereFields, ok: [200] },
    {
      file: 'app/api/live-chat/[owner]/[repo]/[branch]/execute/route.ts',
      method: 'POST',
      path: chat('execute'),
      params: chatParams(), paramFields: whereFields,
      body: () => ({ page: 'chat' }),
      bodyFields: { page: 'page?' },
      // Without a model configured, a valid turn is refused with the 503 that says how to configure one.
      ok: [503],
    },
    {
      file: 'app/api/live-chat/[owner]/[repo]/[branch]/revert/route.ts',
      method: 'POST',
      path: chat('revert'),
      params: chatParams(), paramFields: whereFields,
      body: () => ({ sha: 'f'.repeat(40) }),
      bodyFields: { sha: 'sha' },
      ok: [],
    },
    {
      file: 'app/api/live-chat/[owner]/[repo]/[branch]/images/[imageId]/route.ts',
      method: 'GET',
      path: chat('images/:imageId'),
      params: { ...chatParams(), imageId: 'no-such-image' }, paramFields: whereFields,
      ok: [],
    },
    { file: 'app/api/workspace/agents/route.ts', method: 'GET', path: '/api/workspace/agents', query: where(), queryFields: whereFields, ok: [200] },
    {
      file: 'app/api/workspace/agents/route.ts',
      method: 'POST',
      path: '/api/workspace/agents',
      body: () => ({ ...where(), branch: 'no/such-branch', taskRequest: 'A task' }),
      bodyFields: { ...whereFields, taskRequest: 'text' },
      ok: [],
    },
    {
      file: 'app/api/workspace/agents/[agentId]/messages/route.ts',
      method: 'POST',
      path: '/api/workspace/agents/:agentId/messages',
      params: agent(),
      body: () => ({ content: 'A follow-up' }),
      bodyFields: { content: 'text' },
      ok: [],
    },
    { file: 'app/api/workspace/agents/[agentId]/cancel/route.ts', method: 'POST', path: '/api/workspace/agents/:agentId/cancel', params: { agentId: 'no-such-agent' }, ok: [] },
    {
      file: 'app/api/workspace/events/route.ts',
      method: 'GET',
      path: '/api/workspace/events',
      query: { ...where(), limit: '10' },
      queryFields: { ...whereFields, limit: 'int?', after: 'int?' },
      ok: [200],
    },
    {
      file: 'app/api/workspace/events/route.ts',
      method: 'POST',
      path: '/api/workspace/events',
      body: () => ({ ...where(), type: 'note', page: 'code', path: 'README.md', payload: { text: 'A note' } }),
      bodyFields: { ...whereFields, type: 'type', page: 'page?', path: 'path?', payload: 'object' },
      ok: [],
    },
    { file: 'app/api/workspace/events/stream/route.ts', method: 'GET', path: '/api/workspace/events/stream', query: where(), queryFields: whereFields, ok: [200] },
    { file: 'app/api/workspace/presence/route.ts', method: 'GET', path: '/api/workspace/presence', query: where(), queryFields: whereFields, ok: [200] },
    {
      file: 'app/api/workspace/presence/route.ts',
      method: 'PUT',
      path: '/api/workspace/presence',
      body: () => ({ ...where(), page: 'code', cursor: { path: 'README.md', line: 1, ch: 0 } }),
      bodyFields: { ...whereFields, page: 'page', cursor: 'object?' },
      // A valid heartbeat: the bad values below are all in the fields.
      ok: [204],
    },
  ];
}

interface Attempt {
  label: string;
  params?: Record<string, string | string[]>;
  query?: string;
  body?: string;
  contentType?: string | null;
  headers?: Record<string, string>;
  /** The input is ignored by this route: its success is also a right answer. */
  ignorable?: boolean;
}

const encodeParam = (value: string | string[]) => (Array.isArray(value) ? value.map(encodeURIComponent).join('/') : encodeURIComponent(value));

function urlOf(row: Row, params: Record<string, string | string[]> = row.params ?? {}, query?: string): string {
  const pathname = row.path.replace(/:(\w+)/g, (_match, name: string) => encodeParam(params[name] ?? ''));
  const search = query ?? new URLSearchParams(row.query ?? {}).toString();
  return `http://app.test${pathname}${search ? `?${search}` : ''}`;
}

async function send(row: Row, attempt: Attempt): Promise<Response> {
  const handler = modules.get(row.file)![row.method]!;
  const headers: Record<string, string> = { host: 'app.test', origin: 'http://app.test', ...attempt.headers };
  if (attempt.contentType !== null && attempt.body !== undefined) headers['content-type'] = attempt.contentType ?? 'application/json';
  const request = new NextRequest(urlOf(row, attempt.params, attempt.query), { method: row.method, headers, body: attempt.body });
  return handler(request, { params: Promise.resolve(attempt.params ?? row.params ?? {}) });
}

/** Bad values for one field of a body or query: of its kind, of the wrong type, NUL, 1 MB. */
function badValues(kind: Kind): unknown[] {
  return [...BAD_BY_KIND[kind], ...UNIVERSAL_BAD];
}

function fieldsOf(fields: Fields): Array<{ name: string; kind: Kind; optional: boolean }> {
  return Object.entries(fields).map(([name, spec]) => ({ name, kind: spec.replace('?', '') as Kind, optional: spec.endsWith('?') }));
}

function attemptsFor(row: Row): Attempt[] {
  const attempts: Attempt[] = [];
  const brief = (value: unknown) => JSON.stringify(value)?.slice(0, 30) ?? String(value);
  for (const [name, valid] of Object.entries(row.params ?? {})) {
    const kind = row.paramFields?.[name] as Kind | undefined;
    const ofKind = kind ? BAD_BY_KIND[kind].filter((bad): bad is string => typeof bad === 'string' && bad !== '') : BAD_IDS;
    for (const bad of [...BAD_SEGMENTS, ...ofKind]) {
      attempts.push({ label: `param ${name}=${brief(bad)}`, params: { ...row.params, [name]: Array.isArray(valid) ? [bad] : bad } });
    }
  }
  if (row.queryFields) {
    const valid = row.query ?? {};
    for (const { name, kind, optional } of fieldsOf(row.queryFields)) {
      const others = Object.fromEntries(Object.entries(valid).filter(([key]) => key !== name));
      if (!optional) {
        attempts.push({ label: `query without ${name}`, query: new URLSearchParams(others).toString() });
        attempts.push({ label: `query ${name} empty`, query: new URLSearchParams({ ...others, [name]: '' }).toString() });
      }
      for (const bad of [...(BAD_IN_QUERY[kind] ?? badValues(kind)), '']) {
        if (typeof bad !== 'string' || (optional && bad === '')) continue;
        attempts.push({ label: `query ${name}=${brief(bad)}`, query: new URLSearchParams({ ...others, [name]: bad }).toString() });
      }
      const repeated = new URLSearchParams(valid);
      if (!(name in valid)) repeated.append(name, 'x');
      repeated.append(name, valid[name] ?? 'x');
      attempts.push({ label: `query ${name} repeated`, query: repeated.toString() });
    }
    attempts.push({ label: 'query with an unknown name', query: `${new URLSearchParams(valid)}&unknown=1`, ignorable: true });
    attempts.push({ label: 'query of bad percent-encoding', query: `${new URLSearchParams(valid)}&x=%E0%A4%A`, ignorable: true });
  }
  if (row.body) {
    for (const body of MALFORMED_JSON) attempts.push({ label: `malformed JSON ${brief(body)}`, body });
    // `{}` is a whole body where every field is optional.
    const allOptional = fieldsOf(row.bodyFields ?? {}).every((field) => field.optional);
    for (const body of WRONG_JSON) attempts.push({ label: `JSON ${body}`, body, ignorable: body === '{}' && allOptional });
    attempts.push({ label: 'empty body', body: '' });
    attempts.push({ label: 'no body at all' });
    const valid = JSON.stringify(row.body());
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonp']) {
      attempts.push({ label: `as ${contentType}`, body: valid, contentType });
    }
    attempts.push({ label: 'without a content type', body: valid, contentType: null });
    attempts.push({ label: 'huge body', body: JSON.stringify({ ...row.body(), padding: MEGABYTE.repeat(11) }) });
    attempts.push({ label: 'extra field', body: JSON.stringify({ ...row.body(), userId: 'someone-else' }) });
    for (const { name, kind, optional } of fieldsOf(row.bodyFields ?? {})) {
      const without = { ...row.body() };
      delete without[name];
      if (!optional) attempts.push({ label: `body without ${name}`, body: JSON.stringify(without) });
      for (const bad of [...badValues(kind), ...WRONG_TYPES]) {
        // What is valid for the kind is no bad value: no value for an optional field, a boolean for a flag, no images.
        if (optional && (bad === null || (bad === '' && kind === 'text'))) continue;
        if ((kind === 'bool' && typeof bad === 'boolean') || (kind === 'list' && Array.isArray(bad) && bad.length === 0)) continue;
        attempts.push({ label: `body ${name}=${brief(bad)}`, body: JSON.stringify({ ...row.body(), [name]: bad }) });
      }
    }
  } else if (row.method !== 'GET') {
    attempts.push({ label: 'an unexpected body', body: '{"unexpected": true}', ignorable: true });
    attempts.push({ label: 'an unexpected malformed body', body: '{', ignorable: true });
  }
  attempts.push({ label: 'an unknown query', query: `${new URLSearchParams(row.query ?? {})}&%00=%00`, ignorable: true });
  return attempts;
}

/** A 4xx with the one error shape and a sentence in it, or the documented success for ignored input. */
async function expectRefused(row: Row, attempt: Attempt, response: Response): Promise<void> {
  const label = `${row.method} ${row.path}: ${attempt.label}`;
  if ((row.ok.includes(response.status) && attempt.ignorable) || (row.foreign && response.status < 400)) {
    await response.body?.cancel();
    return;
  }
  expect.soft(response.status, label).toBeGreaterThanOrEqual(400);
  expect.soft(response.status, label).toBeLessThan(500);
  // An open stream would never end: what matters is that it opened at all.
  if (response.headers.get('content-type')?.startsWith('text/event-stream')) {
    await response.body?.cancel();
    return;
  }
  const body = (await response.json().catch(() => null)) as { error?: { code?: unknown; message?: unknown } } | null;
  expect.soft(typeof body?.error?.code, `${label}: ${JSON.stringify(body)}`).toBe('string');
  expect.soft(typeof body?.error?.message === 'string' && body.error.message.length > 5, `${label}: ${JSON.stringify(body)}`).toBe(true);
}

const counts = async () => {
  const tables = ['agents', 'agent_messages', 'workspace_events', 'live_chat_messages', 'branch_participants'] as const;
  const count = async (table: string) => Number((await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(database.db)).rows[0]!.n);
  return Object.fromEntries(await Promise.all(tables.map(async (table) => [table, await count(table)] as const)));
};

async function health(): Promise<number> {
  const response = await modules.get('app/api/health/route.ts')!.GET!(new NextRequest('http://app.test/api/health'), { params: Promise.resolve({}) });
  return response.status;
}

async function json<T>(response: Response | Promise<Response>, status: number): Promise<T> {
  const answered = await response;
  const text = await answered.text();
  expect(answered.status, text).toBe(status);
  return JSON.parse(text) as T;
}

beforeAll(async () => {
  github = await startTestGitHub();
  database = await createTestDatabase();
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'webedt-bad-input-'));
  Object.assign(process.env, { DATABASE_URL: database.url, DATA_DIR: dataDir, AGENT_WORKER: 'off' });
  for (const login of ['alice', 'bob', 'carol', 'dave']) users[login] = await signInUser(github, database.db, login);
  for (const file of routeFiles()) modules.set(file, (await import(path.join(ROUTE_ROOT, file))) as Record<string, Handler>);

  session.user = users.alice!;
  const valid = (file: string, method: Method) => rows().find((row) => row.file === file && row.method === method)!;
  fixtures.branch = `bad-input/${process.pid}`;
  await json(send(valid('app/api/github/branches/route.ts', 'POST'), { label: 'branch', body: JSON.stringify({ owner: OWNER, repo: REPO, baseBranch: 'main', newBranch: fixtures.branch }) }), 201);
  fixtures.agentId = (await json<{ agent: { id: string } }>(send(valid('app/api/agents/route.ts', 'POST'), { label: 'agent', body: JSON.stringify(agentTask()) }), 201)).agent.id;
  const attempts = await json<{ group: string }>(
    send(valid('app/api/agents/attempts/route.ts', 'POST'), { label: 'attempts', body: JSON.stringify({ ...agentTask(), attempts: 1 }) }),
    201,
  );
  fixtures.groupId = attempts.group;
});

afterAll(async () => {
  const { getListener } = await import('@/lib/realtime/listener');
  const { presenceWriter } = await import('@/lib/workspace/presence');
  const { db } = await import('@/lib/db');
  if (database) {
    await presenceWriter(db()).close();
    await getListener().close();
    await (globalThis as { webedtDatabase?: { close(): Promise<void> } }).webedtDatabase?.close();
  }
  await database?.drop();
  await github?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('the API against bad input', () => {
  it('has a row for every route file and method it takes, and answers every other method with a JSON 405', async () => {
    session.user = users.alice!;
    const table = rows();
    expect([...new Set(table.map((row) => row.file))].sort()).toEqual([...modules.keys()].sort());
    for (const [file, module] of modules) {
      const taken = table.filter((row) => row.file === file).map((row) => row.method);
      for (const method of METHODS.filter((candidate) => !taken.includes(candidate))) {
        const label = `${method} ${file}: a row if the route takes it, else otherMethods(…) from lib/http`;
        expect(typeof module[method], label).toBe('function');
        const response = await module[method]!(new NextRequest('http://app.test/api/x', { method, headers: { origin: 'http://app.test', host: 'app.test' } }), {
          params: Promise.resolve({}),
        });
        expect(response.status, label).toBe(405);
        expect(((await response.json()) as { error: { code: string } }).error.code, label).toBe('method_not_allowed');
        expect(response.headers.get('allow')?.split(', '), label).toEqual(expect.arrayContaining(taken));
      }
    }
  });

  it('answers every bad input with a 4xx and a readable error, stays healthy and writes nothing', { timeout: 600_000 }, async () => {
    session.user = users.alice!;
    const before = await counts();
    let sent = 0;
    for (const row of rows()) {
      for (const attempt of attemptsFor(row)) {
        await expectRefused(row, attempt, await send(row, attempt));
        sent += 1;
      }
      expect(await health(), `healthy after ${row.method} ${row.path}`).toBe(200);
    }
    expect(sent).toBeGreaterThan(1000);
    expect(await counts()).toEqual(before);
  });

  it('refuses a body that never ends (sent without a length) once it passes the limit, on every route that reads one', async () => {
    session.user = users.alice!;
    for (const row of rows().filter((candidate) => candidate.body)) {
      const chunk = new TextEncoder().encode(`{"padding": "${'x'.repeat(64 * 1024)}`);
      const endless = new ReadableStream<Uint8Array>({ pull: (controller) => controller.enqueue(chunk) });
      const request = new NextRequest(urlOf(row), {
        method: row.method,
        headers: { host: 'app.test', origin: 'http://app.test', 'content-type': 'application/json' },
        body: endless,
        duplex: 'half',
      });
      const response = await modules.get(row.file)![row.method]!(request, { params: Promise.resolve(row.params ?? {}) });
      expect(response.status, `${row.method} ${row.path}`).toBe(413);
    }
  });

  it('answers someone without access to the repository (dave) with a 404 on every route about it or alice’s agents', async () => {
    session.user = users.dave!;
    for (const row of rows().filter((candidate) => !candidate.public && !candidate.own)) {
      const response = await send(row, { label: 'as dave', body: row.body ? JSON.stringify(row.body()) : undefined });
      await expectRefused(row, { label: 'as dave' }, response);
      expect(response.status, `${row.method} ${row.path} as dave`).toBe(404);
    }
  });

  it('refuses signed-out callers with a 401 on every route that is not public', async () => {
    session.user = null;
    for (const row of rows().filter((candidate) => !candidate.public)) {
      const body = row.body ? JSON.stringify(row.body()) : undefined;
      const response = await send(row, { label: 'signed out', body });
      await expectRefused(row, { label: 'signed out' }, response);
      expect(response.status, `${row.method} ${row.path} signed out`).toBe(401);
    }
  });
});
