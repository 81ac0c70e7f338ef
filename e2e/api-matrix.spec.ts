import { type APIRequestContext, type Browser, expect, test } from '@playwright/test';
import { SignInFlow } from './pages/sign-in';

/**
 * The security matrix of the HTTP API: every route handler against anonymous callers, users without
 * access, read-only users, writers and the owner of the resource; then a table of bad input that
 * must each get a clear 4xx and write nothing.
 */
type Role = 'anonymous' | 'alice' | 'bob' | 'carol' | 'dave';

const owner = 'alice';
const repo = 'sample-game';
const unique = () => Math.random().toString(36).slice(2, 8);

async function requestAs(browser: Browser, role: Role): Promise<APIRequestContext> {
  const context = await browser.newContext();
  if (role !== 'anonymous') {
    const page = await context.newPage();
    await new SignInFlow(page).signIn(role);
  }
  return context.request;
}

async function expectError(response: Awaited<ReturnType<APIRequestContext['get']>>, status: number, label: string) {
  expect(response.status(), label).toBe(status);
  const body = (await response.json()) as { error?: { code?: string; message?: string } };
  expect(typeof body.error?.code, label).toBe('string');
  expect(body.error?.message?.length, label).toBeGreaterThan(5);
}

test('every route answers each kind of caller as it should, and shows nobody else’s data', async ({ browser }) => {
  test.setTimeout(60_000);
  const as = Object.fromEntries(
    await Promise.all((['anonymous', 'alice', 'bob', 'carol', 'dave'] as const).map(async (role) => [role, await requestAs(browser, role)] as const)),
  ) as Record<Role, APIRequestContext>;
  const branch = `matrix/${unique()}`;
  expect((await as.alice.post('/api/github/branches', { data: { owner, repo, baseBranch: 'main', newBranch: branch } })).status()).toBe(201);
  const agent = (await (
    await as.alice.post('/api/agents', { data: { owner, repo, baseBranch: 'main', taskRequest: `Matrix ${unique()}` } })
  ).json()) as { agent: { id: string } };
  const attempts = (await (
    await as.alice.post('/api/agents/attempts', { data: { owner, repo, baseBranch: 'main', taskRequest: `Matrix attempts ${unique()}`, attempts: 1 } })
  ).json()) as { group: string; agents: Array<{ id: string }> };
  const where = { owner, repo, branch };
  const query = new URLSearchParams(where).toString();

  const repoRoutes: Array<{ label: string; call: (r: APIRequestContext) => ReturnType<APIRequestContext['get']>; write: boolean; ok: number }> = [
    { label: 'list branches', call: (r) => r.get(`/api/github/${owner}/${repo}/branches`), write: false, ok: 200 },
    { label: 'list issues', call: (r) => r.get(`/api/github/${owner}/${repo}/issues`), write: false, ok: 200 },
    {
      label: 'create branch',
      call: (r) => r.post('/api/github/branches', { data: { owner, repo, baseBranch: 'main', newBranch: `m/${unique()}` } }),
      write: true,
      ok: 201,
    },
    { label: 'put presence', call: (r) => r.put('/api/workspace/presence', { data: { ...where, page: 'code' } }), write: false, ok: 204 },
    { label: 'get presence', call: (r) => r.get(`/api/workspace/presence?${query}`), write: false, ok: 200 },
    {
      label: 'post a note',
      call: (r) => r.post('/api/workspace/events', { data: { ...where, type: 'note', path: 'a.txt', payload: { text: 'Matrix note' } } }),
      write: false,
      ok: 201,
    },
    { label: 'get events', call: (r) => r.get(`/api/workspace/events?${query}`), write: false, ok: 200 },
    {
      label: 'create agent',
      call: (r) => r.post('/api/agents', { data: { owner, repo, baseBranch: 'main', taskRequest: `Matrix agent ${unique()}` } }),
      write: true,
      ok: 201,
    },
    {
      label: 'start attempts',
      call: (r) => r.post('/api/agents/attempts', { data: { owner, repo, baseBranch: 'main', taskRequest: `Matrix attempts ${unique()}`, attempts: 1 } }),
      write: true,
      ok: 201,
    },
    { label: "list the branch's agents", call: (r) => r.get(`/api/workspace/agents?${query}`), write: false, ok: 200 },
    {
      label: 'start an agent on the branch',
      call: (r) => r.post('/api/workspace/agents', { data: { ...where, taskRequest: `Matrix agent on the branch ${unique()}` } }),
      write: true,
      ok: 201,
    },
  ];
  const chat = (rest: string) => `/api/live-chat/${owner}/${repo}/${encodeURIComponent(branch)}/${rest}`;
  repoRoutes.push(
    { label: 'live chat history', call: (r) => r.get(chat('messages')), write: false, ok: 200 },
    { label: 'live chat message', call: (r) => r.post(chat('messages'), { data: { content: `Matrix chat ${unique()}` } }), write: true, ok: 201 },
    { label: 'clear live chat', call: (r) => r.delete(chat('messages')), write: false, ok: 200 },
  );
  for (const route of repoRoutes) {
    await expectError(await route.call(as.anonymous), 401, `${route.label} as anonymous`);
    await expectError(await route.call(as.dave), 404, `${route.label} without access`);
    if (route.write) await expectError(await route.call(as.carol), 403, `${route.label} read-only`);
    else expect((await route.call(as.carol)).status(), `${route.label} read-only`).toBe(route.ok);
    expect((await route.call(as.bob)).status(), `${route.label} as writer`).toBe(route.ok);
    expect((await route.call(as.alice)).status(), `${route.label} as owner`).toBe(route.ok);
  }
  // Routes whose success needs something only a test elsewhere makes (a turn, a Live Chat commit, an
  // image, a blob): refused for everyone who may not, and past the access check for a writer.
  const gated: Array<{ label: string; call: (r: APIRequestContext) => ReturnType<APIRequestContext['get']>; write: boolean }> = [
    { label: 'live chat turn', call: (r) => r.post(chat('execute'), { data: { page: 'nowhere' } }), write: true },
    { label: 'live chat revert', call: (r) => r.post(chat('revert'), { data: { sha: 'f'.repeat(40) } }), write: true },
    { label: 'live chat image', call: (r) => r.get(chat(`images/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}`)), write: false },
    { label: 'file bytes', call: (r) => r.get(`/api/github/${owner}/${repo}/blobs/${'0'.repeat(40)}?path=README.md`), write: false },
  ];
  for (const route of gated) {
    await expectError(await route.call(as.anonymous), 401, `${route.label} as anonymous`);
    await expectError(await route.call(as.dave), 404, `${route.label} without access`);
    if (route.write) await expectError(await route.call(as.carol), 403, `${route.label} read-only`);
    const writer = await route.call(as.bob);
    expect([401, 403], `${route.label} as writer: ${await writer.text()}`).not.toContain(writer.status());
    expect(writer.status(), `${route.label} as writer`).toBeLessThan(500);
  }
  // Streams refuse before they start.
  for (const stream of [`/api/workspace/events/stream?${query}`, '/api/agents/stream']) {
    await expectError(await as.anonymous.get(stream), 401, `${stream} as anonymous`);
  }
  await expectError(await as.dave.get(`/api/workspace/events/stream?${query}`), 404, 'branch stream without access');

  // An agent is its owner's alone: everyone else gets 404 (anonymous 401), on every route.
  const agentRoutes: Array<[string, (r: APIRequestContext) => ReturnType<APIRequestContext['get']>]> = [
    ['get agent', (r) => r.get(`/api/agents/${agent.agent.id}`)],
    ['agent stream', (r) => r.get(`/api/agents/${agent.agent.id}/stream`)],
    ['agent messages', (r) => r.get(`/api/agents/${agent.agent.id}/messages`)],
    ['follow-up', (r) => r.post(`/api/agents/${agent.agent.id}/messages`, { data: { content: 'hi' } })],
    ['cancel', (r) => r.post(`/api/agents/${agent.agent.id}/cancel`)],
    ['restore', (r) => r.post(`/api/agents/${agent.agent.id}/restore`)],
    ['pull request', (r) => r.post(`/api/agents/${agent.agent.id}/pull-request`)],
    ['approve plan', (r) => r.post(`/api/agents/${agent.agent.id}/plan`, { data: { plan: 'A plan' } })],
    ['seen', (r) => r.post(`/api/agents/${agent.agent.id}/seen`)],
    ['delete', (r) => r.delete(`/api/agents/${agent.agent.id}`)],
    ['compare attempts', (r) => r.get(`/api/agents/attempts/${attempts.group}`)],
    ['use an attempt', (r) => r.post(`/api/agents/attempts/${attempts.group}/choose`, { data: { agentId: attempts.agents[0]!.id } })],
  ];
  for (const [label, call] of agentRoutes) {
    await expectError(await call(as.anonymous), 401, `${label} as anonymous`);
    for (const role of ['bob', 'carol', 'dave'] as const) await expectError(await call(as[role]), 404, `${label} as ${role}`);
  }
  // From the workspace, an agent is steered by anyone who may write to its repository; readers are refused.
  const steering: Array<[string, (r: APIRequestContext) => ReturnType<APIRequestContext['get']>]> = [
    ['workspace follow-up', (r) => r.post(`/api/workspace/agents/${agent.agent.id}/messages`, { data: { content: 'hi' } })],
    ['workspace stop', (r) => r.post(`/api/workspace/agents/${agent.agent.id}/cancel`)],
  ];
  for (const [label, call] of steering) {
    await expectError(await call(as.anonymous), 401, `${label} as anonymous`);
    await expectError(await call(as.dave), 404, `${label} without access`);
    await expectError(await call(as.carol), 403, `${label} read-only`);
  }
  expect((await steering[0]![1](as.bob)).status(), 'workspace follow-up as writer').toBe(204);
  // …and its owner is answered on each (the ones that would change it are covered by the agent specs).
  const owned: Array<[string, (r: APIRequestContext) => ReturnType<APIRequestContext['get']>, number]> = [
    ['get agent', (r) => r.get(`/api/agents/${agent.agent.id}`), 200],
    ['agent messages', (r) => r.get(`/api/agents/${agent.agent.id}/messages`), 200],
    ['seen', (r) => r.post(`/api/agents/${agent.agent.id}/seen`), 204],
    ['compare attempts', (r) => r.get(`/api/agents/attempts/${attempts.group}`), 200],
    ['agent list', (r) => r.get('/api/agents'), 200],
  ];
  for (const [label, call, ok] of owned) expect((await call(as.alice)).status(), `${label} as owner`).toBe(ok);
  // Steering from the workspace as the owner, then stopping it as a writer (409 if the follow-up's turn ended first).
  expect((await steering[0]![1](as.alice)).status(), 'workspace follow-up as owner').toBe(204);
  expect([204, 409], 'workspace stop as writer').toContain((await steering[1]![1](as.bob)).status());
  for (const role of ['bob', 'carol', 'dave'] as const) {
    const text = await (await as[role].get('/api/agents')).text();
    expect(text, `${role}'s agent list`).not.toContain(agent.agent.id);
  }
  await expectError(await as.anonymous.get('/api/agents'), 401, 'agent list as anonymous');
});

test('bad input gets a clear 4xx and writes nothing', async ({ browser }) => {
  test.setTimeout(90_000);
  const alice = await requestAs(browser, 'alice');
  const branch = `bad-input/${unique()}`;
  expect((await alice.post('/api/github/branches', { data: { owner, repo, baseBranch: 'main', newBranch: branch } })).status()).toBe(201);
  const agent = (await (
    await alice.post('/api/agents', { data: { owner, repo, baseBranch: 'main', taskRequest: `Bad input ${unique()}` } })
  ).json()) as { agent: { id: string } };
  // Its first turn makes its branch: let it finish before the branches are counted.
  const agentStatus = async () => ((await (await alice.get(`/api/agents/${agent.agent.id}`)).json()) as { agent: { status: string } }).agent.status;
  await expect.poll(agentStatus, { timeout: 20_000 }).toMatch(/^(completed|failed)$/);
  const countBranches = async () => ((await (await alice.get(`/api/github/${owner}/${repo}/branches`)).json()) as { branches: unknown[] }).branches.length;
  const countAgents = async () => ((await (await alice.get('/api/agents')).json()) as { agents: unknown[] }).agents.length;
  const countEvents = async () =>
    ((await (await alice.get(`/api/workspace/events?${new URLSearchParams({ owner, repo, branch, limit: '500' })}`)).json()) as { events: unknown[] })
      .events.length;
  const before = { branches: await countBranches(), agents: await countAgents(), events: await countEvents() };

  type Case = { label: string; method: 'post' | 'put' | 'patch' | 'get' | 'delete'; url: string; data?: unknown; raw?: string; contentType?: string };
  const cases: Case[] = [];
  const json = (method: Case['method'], url: string, data: unknown, label: string) => cases.push({ method, url, data, label });
  const validBranch = { owner, repo, baseBranch: 'main', newBranch: `ok/${unique()}` };
  const validAgent = { owner, repo, baseBranch: 'main', taskRequest: 'Fine' };
  const where = { owner, repo, branch };

  const badBranchNames = ['', '-lead', '/start', 'end/', 'a//b', 'dot.', 'a..b', '.hidden', 'x/.hidden', 'name.lock', 'x.lock/y', 'a b', 'a~b',
    'a^b', 'a:b', 'a?b', 'a*b', 'a[b', 'a\\b', 'a@{b', 'tab\there', 'nul\u0000', 'del\u007f', '@', 'HEAD', 'x'.repeat(300)];
  for (const name of badBranchNames) {
    json('post', '/api/github/branches', { ...validBranch, newBranch: name }, `new branch ${JSON.stringify(name)}`);
    json('post', '/api/github/branches', { ...validBranch, baseBranch: name }, `base branch ${JSON.stringify(name)}`);
    json('post', '/api/agents', { ...validAgent, baseBranch: name }, `agent base ${JSON.stringify(name)}`);
    json('put', '/api/workspace/presence', { owner, repo, branch: name, page: 'code' }, `presence branch ${JSON.stringify(name)}`);
  }
  const badNames = ['', '-x', 'a'.repeat(40), 'a b', '..', '.', 'x/y', 'a\u0000', '💥'];
  for (const name of badNames) {
    json('post', '/api/github/branches', { ...validBranch, owner: name }, `owner ${JSON.stringify(name)}`);
    json('post', '/api/github/branches', { ...validBranch, repo: name }, `repo ${JSON.stringify(name)}`);
    json('post', '/api/agents', { ...validAgent, repo: name }, `agent repo ${JSON.stringify(name)}`);
  }
  const badPaths = ['../etc/passwd', '/absolute', 'a/../../b', 'a\u0000b', '.git/config', 'a/.git/HEAD', '', 'x'.repeat(5000)];
  const note = { type: 'note', payload: { text: 'A note' } };
  for (const path of badPaths) json('post', '/api/workspace/events', { ...where, ...note, path }, `event path ${JSON.stringify(path.slice(0, 20))}`);
  const wrongTypes: Array<[string, unknown]> = [
    ['owner', 5], ['repo', null], ['baseBranch', []], ['newBranch', {}], ['owner', true], ['newBranch', 12.5],
  ];
  for (const [field, value] of wrongTypes) json('post', '/api/github/branches', { ...validBranch, [field]: value }, `branch ${field}=${JSON.stringify(value)}`);
  for (const [field, value] of [['taskRequest', ''], ['taskRequest', '   '], ['taskRequest', 'x'.repeat(20_001)], ['taskRequest', 7], ['branchPrefix', 'bad..'], ['branchPrefix', 'x'.repeat(61)]] as const) {
    json('post', '/api/agents', { ...validAgent, [field]: value }, `agent ${field}=${JSON.stringify(value).slice(0, 20)}`);
  }
  // Attempts out of 1–4, of the wrong type, or more than the running limit (3) lets run at once.
  for (const attempts of [0, 5, -1, 2.5, '2', null, 4]) {
    json('post', '/api/agents/attempts', { ...validAgent, attempts }, `attempts=${JSON.stringify(attempts)}`);
  }
  json('post', '/api/agents/attempts', validAgent, 'attempts missing');
  // Unknown fields, including a forged author.
  for (const extra of [{ user_id: 'someone' }, { userId: 'someone' }, { admin: true }]) {
    json('post', '/api/github/branches', { ...validBranch, ...extra }, `branch + ${Object.keys(extra)[0]}`);
    json('post', '/api/agents', { ...validAgent, ...extra }, `agent + ${Object.keys(extra)[0]}`);
    json('post', '/api/workspace/events', { ...where, ...note, path: 'a.txt', ...extra }, `event + ${Object.keys(extra)[0]}`);
    json('put', '/api/workspace/presence', { ...where, page: 'code', ...extra }, `presence + ${Object.keys(extra)[0]}`);
    json('post', `/api/agents/${agent.agent.id}/messages`, { content: 'hi', ...extra }, `follow-up + ${Object.keys(extra)[0]}`);
    json('post', `/api/workspace/agents/${agent.agent.id}/messages`, { content: 'hi', ...extra }, `workspace follow-up + ${Object.keys(extra)[0]}`);
    json('post', '/api/workspace/agents', { ...where, taskRequest: 'Fine', ...extra }, `agent on the branch + ${Object.keys(extra)[0]}`);
  }
  for (const taskRequest of ['', '   ', 'x'.repeat(20_001), 7]) {
    json('post', '/api/workspace/agents', { ...where, taskRequest }, `agent on the branch task ${JSON.stringify(taskRequest).slice(0, 20)}`);
    json('post', `/api/workspace/agents/${agent.agent.id}/messages`, { content: taskRequest }, `workspace follow-up ${JSON.stringify(taskRequest).slice(0, 20)}`);
  }
  json('post', '/api/workspace/agents', { owner, repo, branch: 'a..b', taskRequest: 'Fine' }, 'agent on a bad branch name');
  // Huge or malformed cursors and selections, pages and event types.
  const cursors = [{ path: 'a.txt', line: 0, ch: 0 }, { path: 'a.txt', line: 10_000_001, ch: 0 }, { path: 'a.txt', line: 1, ch: -1 },
    { path: '../x', line: 1, ch: 0 }, { line: 1, ch: 0 }, 'here', { path: 'a.txt', line: 1.5, ch: 0 }];
  for (const cursor of cursors) json('put', '/api/workspace/presence', { ...where, page: 'code', cursor }, `cursor ${JSON.stringify(cursor).slice(0, 30)}`);
  json('put', '/api/workspace/presence', { ...where, page: 'code', selection: { anchor: { line: 1, ch: 0 }, head: { line: 2, ch: 0 } } }, 'selection without cursor');
  for (const page of ['', 'admin', 'CODE', 5]) json('put', '/api/workspace/presence', { ...where, page }, `page ${JSON.stringify(page)}`);
  // Claims of a change are the server's to log; a note's payload is its text alone.
  for (const type of ['', 'branch_created', 'commit', 'chat_commit', 'file_delete', 'image_edit', 'drop_table', 42]) {
    json('post', '/api/workspace/events', { ...where, type, path: 'README.md', payload: { sha: 'f'.repeat(40), paths: ['README.md'] } }, `event type ${JSON.stringify(type)}`);
  }
  for (const payload of [{}, { text: '' }, { text: 'x'.repeat(1_001) }, { text: 'hi', sha: 'f'.repeat(40) }]) {
    json('post', '/api/workspace/events', { ...where, type: 'note', payload }, `note payload ${JSON.stringify(payload).slice(0, 30)}`);
  }
  // Malformed JSON and wrong content types on every JSON endpoint.
  const jsonEndpoints: Array<[Case['method'], string]> = [
    ['post', '/api/github/branches'], ['post', '/api/agents'], ['post', '/api/workspace/events'], ['put', '/api/workspace/presence'],
    ['post', `/api/agents/${agent.agent.id}/messages`], ['post', '/api/agents/attempts'],
    ['post', '/api/workspace/agents'],
    ['post', `/api/workspace/agents/${agent.agent.id}/messages`],
  ];
  for (const [method, url] of jsonEndpoints) {
    for (const raw of ['{', 'null', '[]', '"text"', '42', '{"owner": }', "{'single': 'quotes'}", '']) {
      cases.push({ method, url, raw, contentType: 'application/json', label: `${url} raw ${JSON.stringify(raw)}` });
    }
    cases.push({ method, url, raw: JSON.stringify(validBranch), contentType: 'text/plain', label: `${url} as text/plain` });
    cases.push({ method, url, raw: JSON.stringify({ ...validAgent, taskRequest: 'x'.repeat(70_000) }), contentType: 'application/json', label: `${url} oversize` });
  }
  // Bad queries and ids.
  for (const q of ['owner=alice', `owner=alice&repo=sample-game&branch=${encodeURIComponent('a..b')}`, `${new URLSearchParams(where)}&after=abc`,
    `${new URLSearchParams(where)}&limit=0`, `${new URLSearchParams(where)}&limit=100000`, `${new URLSearchParams(where)}&after=99999999999999999999`]) {
    cases.push({ method: 'get', url: `/api/workspace/events?${q}`, label: `events query ${q.slice(0, 40)}` });
  }
  cases.push({ method: 'get', url: '/api/workspace/presence?owner=alice', label: 'presence without branch' });
  cases.push({ method: 'get', url: '/api/agents?status=exploded', label: 'agents bad status filter' });
  for (const id of ['nope', "'; DROP TABLE agents; --", 'x'.repeat(500), '%00', '..%2F..%2Fetc']) {
    cases.push({ method: 'get', url: `/api/agents/${encodeURIComponent(id)}`, label: `agent id ${id.slice(0, 15)}` });
    cases.push({ method: 'get', url: `/api/agents/attempts/${encodeURIComponent(id)}`, label: `attempt group ${id.slice(0, 15)}` });
    cases.push({ method: 'post', url: `/api/agents/${encodeURIComponent(id)}/cancel`, label: `cancel id ${id.slice(0, 15)}` });
    cases.push({ method: 'post', url: `/api/workspace/agents/${encodeURIComponent(id)}/cancel`, label: `workspace stop id ${id.slice(0, 15)}` });
  }
  for (const sha of ['xyz', '0'.repeat(40)]) {
    cases.push({ method: 'get', url: `/api/github/${owner}/${repo}/blobs/${sha}?path=README.md`, label: `blob ${sha.slice(0, 6)}` });
  }
  cases.push({ method: 'get', url: `/api/github/${owner}/${repo}/blobs/${'0'.repeat(40)}?path=../x`, label: 'blob path traversal' });
  cases.push({ method: 'delete', url: `/api/agents/${agent.agent.id}?permanent=1`, label: 'delete forever outside the trash' });

  // Methods a route does not take: a JSON 405, not Next.js's empty one.
  for (const [method, url] of [['patch', '/api/agents'], ['put', '/api/agents'], ['delete', '/api/health'], ['get', '/api/github/branches'],
    ['post', `/api/agents/${agent.agent.id}/stream`], ['patch', `/api/workspace/events?${new URLSearchParams(where)}`]] as const) {
    cases.push({ method, url, label: `${method} ${url.slice(0, 30)}` });
  }
  // Addresses Next.js cannot decode, and a body over the limit sent whole.
  for (const url of ['/api/agents/%E0%A4%A', '/api/agents/%00', '/api/github/%ZZ/sample-game/branches']) cases.push({ method: 'get', url, label: `address ${url}` });
  cases.push({ method: 'post', url: '/api/agents', raw: JSON.stringify({ ...validAgent, taskRequest: 'x'.repeat(11 * 1024 * 1024) }), label: '11 MB body' });

  expect(cases.length).toBeGreaterThanOrEqual(200);
  for (const item of cases) {
    const options = item.raw !== undefined
      ? { data: item.raw, headers: { 'content-type': item.contentType ?? 'application/json' } }
      : item.data !== undefined ? { data: item.data } : {};
    const response = await alice[item.method](item.url, options);
    expect(response.status(), item.label).toBeGreaterThanOrEqual(400);
    expect(response.status(), item.label).toBeLessThan(500);
    const body = (await response.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
    expect(body?.error?.message?.length ?? 0, `${item.label}: ${JSON.stringify(body)}`).toBeGreaterThan(5);
  }
  expect({ branches: await countBranches(), agents: await countAgents(), events: await countEvents() }).toEqual(before);
});
