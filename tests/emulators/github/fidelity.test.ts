/**
 * Fidelity: for every endpoint the emulator implements that `@octokit/fixtures` recorded from api.github.com,
 * the same request (method + path shape, same Accept) is sent to the emulator and the response must have
 * the recorded status, every recorded field with the same JSON type (recursively; `null` in the recording
 * matches anything; extra fields of ours are allowed) and the GitHub headers the emulator claims to send.
 *
 * | fixture scenario #request                          | recorded request                                   | emulator request                                           |
 * |----------------------------------------------------|----------------------------------------------------|------------------------------------------------------------|
 * | get-root #0                                        | GET /                                              | GET /api/v3/                                               |
 * | get-repository #0                                  | GET /repos/{org}/hello-world                       | GET /repos/alice/hello-world                               |
 * | rename-repository #2                               | GET /repositories/1000                             | GET /repositories/2002                                     |
 * | get-content #0                                     | GET /repos/{org}/hello-world/contents/             | GET /repos/alice/hello-world/contents/                     |
 * | get-content #1 (Accept: application/vnd.github.v3.raw) | GET /repos/{org}/hello-world/contents/README.md | GET /repos/alice/hello-world/contents/README.md (raw)      |
 * | git-refs #0, #3                                    | GET /repos/{org}/git-refs/git/refs/                | GET /repos/alice/sample-game/git/refs/                     |
 * | git-refs #1                                        | POST /repos/{org}/git-refs/git/refs                | POST /repos/alice/sample-game/git/refs                     |
 * | git-refs #2                                        | PATCH /repos/{org}/git-refs/git/refs/heads/test    | PATCH /repos/alice/sample-game/git/refs/heads/fidelity     |
 * | git-refs #4                                        | DELETE /repos/{org}/git-refs/git/refs/heads/test   | DELETE /repos/alice/sample-game/git/refs/heads/fidelity    |
 * | get-archive #0                                     | GET /repos/{org}/get-archive/tarball/main (302)    | GET /repos/alice/sample-game/tarball/main                  |
 * | get-archive #1                                     | GET codeload …/legacy.tar.gz/refs/heads/main       | GET the emulator's `location` from #0                      |
 * | create-file #0                                     | PUT /repos/{org}/create-file/contents/test.txt     | PUT /repos/alice/sample-game/contents/fidelity/test.txt    |
 * | errors #0 (422 Validation Failed body)             | POST /repos/{org}/errors/labels (invalid color)    | POST /repos/alice/sample-game/pulls (missing title)        |
 * | branch-protection #0 (404 error body)              | GET /repos/{org}/…/branches/main/protection        | GET /repos/alice/sample-game/branches/main/protection      |
 *
 * Endpoints the emulator implements without a recording in @octokit/fixtures 23 (users, branches, compare, pulls,
 * git commits/trees/blobs, App tokens) are typed against Octokit's OpenAPI-derived response types in shapes.ts
 * instead. Recorded fields that cannot apply are listed per case in `ignore` with the reason.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from './support';

interface Recorded {
  method: string;
  path: string;
  status: number;
  body?: unknown;
  response: unknown;
  responseIsBinary?: boolean;
  reqheaders: Record<string, string | number>;
  headers: Record<string, string | number>;
}

interface Answer {
  status: number;
  headers: Headers;
  body: unknown;
}

interface Case {
  scenario: string;
  index: number;
  /** The emulator request (method, path under /api/v3 or absolute URL, JSON body). */
  request: (ctx: Context) => { method: string; path: string; body?: unknown } | Promise<{ method: string; path: string; body?: unknown }>;
  /** Recorded fields that do not apply to the emulator's seed, as `$.a.b` / `$[].a` paths, with the reason. */
  ignore?: Record<string, string>;
}

interface Context {
  mainSha: string;
  developSha: string;
  archiveLocation: string;
}

const fixturesRoot = path.join(
  path.dirname(createRequire(import.meta.url).resolve('@octokit/fixtures/package.json')),
  'scenarios/api.github.com',
);

function recorded(scenario: string, index: number): Recorded {
  const all = JSON.parse(readFileSync(path.join(fixturesRoot, scenario, 'normalized-fixture.json'), 'utf8')) as Recorded[];
  const entry = all[index];
  if (!entry) throw new Error(`${scenario} has no request #${index}`);
  return entry;
}

const ORG_REPO = 'org-owned repository in the recording; the seeded repositories are user-owned';

const CASES: Case[] = [
  { scenario: 'get-root', index: 0, request: () => ({ method: 'GET', path: '/' }) },
  {
    scenario: 'get-repository',
    index: 0,
    request: () => ({ method: 'GET', path: '/repos/alice/hello-world' }),
    ignore: { '$.organization': ORG_REPO },
  },
  {
    scenario: 'rename-repository',
    index: 2,
    request: () => ({ method: 'GET', path: '/repositories/2002' }),
    ignore: { '$.organization': ORG_REPO },
  },
  { scenario: 'get-content', index: 0, request: () => ({ method: 'GET', path: '/repos/alice/hello-world/contents/' }) },
  { scenario: 'get-content', index: 1, request: () => ({ method: 'GET', path: '/repos/alice/hello-world/contents/README.md' }) },
  { scenario: 'git-refs', index: 0, request: () => ({ method: 'GET', path: '/repos/alice/sample-game/git/refs/' }) },
  {
    scenario: 'git-refs',
    index: 1,
    request: (ctx) => ({ method: 'POST', path: '/repos/alice/sample-game/git/refs', body: { ref: 'refs/heads/fidelity', sha: ctx.mainSha } }),
  },
  {
    scenario: 'git-refs',
    index: 2,
    request: (ctx) => ({ method: 'PATCH', path: '/repos/alice/sample-game/git/refs/heads/fidelity', body: { sha: ctx.developSha } }),
  },
  { scenario: 'git-refs', index: 3, request: () => ({ method: 'GET', path: '/repos/alice/sample-game/git/refs/' }) },
  { scenario: 'git-refs', index: 4, request: () => ({ method: 'DELETE', path: '/repos/alice/sample-game/git/refs/heads/fidelity' }) },
  { scenario: 'get-archive', index: 0, request: () => ({ method: 'GET', path: '/repos/alice/sample-game/tarball/main' }) },
  { scenario: 'get-archive', index: 1, request: (ctx) => ({ method: 'GET', path: ctx.archiveLocation }) },
  {
    scenario: 'create-file',
    index: 0,
    request: () => ({
      method: 'PUT',
      path: '/repos/alice/sample-game/contents/fidelity/test.txt',
      body: { message: 'create test.txt', content: Buffer.from('Test content').toString('base64') },
    }),
  },
  {
    scenario: 'errors',
    index: 0,
    request: () => ({ method: 'POST', path: '/repos/alice/sample-game/pulls', body: { head: 'develop', base: 'main' } }),
  },
  { scenario: 'branch-protection', index: 0, request: () => ({ method: 'GET', path: '/repos/alice/sample-game/branches/main/protection' }) },
];

/** GitHub headers the emulator sends; each must be present when the recording has it. */
const EMULATED_HEADERS = [
  'access-control-allow-origin',
  'access-control-expose-headers',
  'cache-control',
  'content-security-policy',
  'content-type',
  'content-disposition',
  'etag',
  'location',
  'x-content-type-options',
  'x-frame-options',
  'x-github-media-type',
  'x-github-request-id',
  'x-ratelimit-limit',
  'x-ratelimit-remaining',
  'x-ratelimit-reset',
  'x-ratelimit-resource',
  'x-ratelimit-used',
];

type Shape = string | { array: Shape | null } | { object: Record<string, Shape> };

/** The JSON type structure of a value; arrays merge the shapes of their elements. */
export function shapeOf(value: unknown): Shape {
  if (value === null) return 'null';
  if (Array.isArray(value)) return { array: value.map(shapeOf).reduce<Shape | null>((a, b) => (a === null ? b : mergeShapes(a, b)), null) };
  if (typeof value === 'object') {
    return { object: Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, shapeOf(v)])) };
  }
  return typeof value;
}

/** Union of two shapes: objects unite their keys; `null` gives way to the other shape. */
function mergeShapes(a: Shape, b: Shape): Shape {
  if (a === 'null') return b;
  if (b === 'null') return a;
  if (typeof a === 'object' && typeof b === 'object') {
    if ('object' in a && 'object' in b) {
      const keys = new Set([...Object.keys(a.object), ...Object.keys(b.object)]);
      return {
        object: Object.fromEntries(
          [...keys].map((k) => {
            const x = a.object[k];
            const y = b.object[k];
            return [k, x === undefined ? (y as Shape) : y === undefined ? x : mergeShapes(x, y)];
          }),
        ),
      };
    }
    if ('array' in a && 'array' in b) {
      return { array: a.array === null ? b.array : b.array === null ? a.array : mergeShapes(a.array, b.array) };
    }
  }
  return a;
}

function describeShape(shape: Shape): string {
  if (typeof shape === 'string') return shape;
  return 'array' in shape ? 'array' : 'object';
}

/** Differences where `actual` lacks a field of `expected` or has another JSON type; `null` expected matches anything. */
export function compareShapes(expected: Shape, actual: Shape, ignore: Set<string>, at = '$'): string[] {
  if (ignore.has(at) || expected === 'null') return [];
  if (typeof expected === 'string') {
    return actual === expected ? [] : [`${at}: expected ${expected}, got ${describeShape(actual)}`];
  }
  if ('array' in expected) {
    if (typeof actual !== 'object' || !('array' in actual)) return [`${at}: expected array, got ${describeShape(actual)}`];
    if (expected.array === null) return [];
    if (actual.array === null) return [`${at}: empty array, cannot compare its elements`];
    return compareShapes(expected.array, actual.array, ignore, `${at}[]`);
  }
  if (typeof actual !== 'object' || !('object' in actual)) return [`${at}: expected object, got ${describeShape(actual)}`];
  return Object.entries(expected.object).flatMap(([key, value]) => {
    const path = `${at}.${key}`;
    if (ignore.has(path)) return [];
    const mine = actual.object[key];
    return mine === undefined ? [`${path}: missing`] : compareShapes(value, mine, ignore, path);
  });
}

let gh: Emulator;
let token: string;
const ctx: Context = { mainSha: '', developSha: '', archiveLocation: '' };

beforeAll(async () => {
  gh = await startEmulator();
  token = await gh.token('alice');
  const octokit = gh.octokit(token);
  const repo = { owner: 'alice', repo: 'sample-game' };
  ctx.mainSha = (await octokit.rest.git.getRef({ ...repo, ref: 'heads/main' })).data.object.sha;
  ctx.developSha = (await octokit.rest.git.getRef({ ...repo, ref: 'heads/develop' })).data.object.sha;
});
afterAll(async () => {
  await gh?.close();
});

async function send(fixture: Recorded, request: { method: string; path: string; body?: unknown }): Promise<Answer> {
  const url = request.path.startsWith('http') ? request.path : `${gh.apiUrl}${request.path}`;
  const response = await fetch(url, {
    method: request.method,
    redirect: 'manual',
    headers: {
      accept: String(fixture.reqheaders.accept ?? 'application/vnd.github.v3+json'),
      ...(fixture.reqheaders.authorization ? { authorization: `token ${token}` } : {}),
      ...(request.body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' }),
    },
    body: request.body === undefined ? undefined : JSON.stringify(request.body),
  });
  const bytes = Buffer.from(await response.arrayBuffer());
  const json = (response.headers.get('content-type') ?? '').includes('json');
  return { status: response.status, headers: response.headers, body: json ? JSON.parse(bytes.toString('utf8')) : fixture.responseIsBinary ? bytes : bytes.toString('utf8') };
}

describe('response shapes match recorded GitHub responses (@octokit/fixtures)', () => {
  // Sequential on purpose: git-refs and get-archive cases build on the previous request.
  for (const testCase of CASES) {
    const fixture = recorded(testCase.scenario, testCase.index);
    it(`${testCase.scenario} #${testCase.index}: ${fixture.method.toUpperCase()} ${fixture.path} → ${fixture.status}`, async () => {
      const request = await testCase.request(ctx);
      expect(request.method).toBe(fixture.method.toUpperCase());
      const answer = await send(fixture, request);
      expect(answer.status).toBe(fixture.status);
      if (testCase.scenario === 'get-archive' && testCase.index === 0) ctx.archiveLocation = answer.headers.get('location') ?? '';

      if (fixture.responseIsBinary) {
        expect(Buffer.isBuffer(answer.body)).toBe(true);
        // Both gzip streams.
        expect((answer.body as Buffer).subarray(0, 2).toString('hex')).toBe(String(fixture.response).slice(0, 4));
      } else {
        const problems = compareShapes(shapeOf(fixture.response), shapeOf(answer.body), new Set(Object.keys(testCase.ignore ?? {})));
        expect(problems).toEqual([]);
      }

      const missing = EMULATED_HEADERS.filter((name) => name in fixture.headers && !answer.headers.has(name));
      expect(missing).toEqual([]);
    });
  }

  it('every mapped fixture exists and the table covers each recorded request of the mapped scenarios it can', () => {
    const mapped = new Set(CASES.map((c) => `${c.scenario}#${c.index}`));
    expect(mapped.size).toBe(CASES.length);
    for (const scenario of ['get-root', 'get-repository', 'get-content', 'git-refs', 'get-archive', 'create-file']) {
      const count = (JSON.parse(readFileSync(path.join(fixturesRoot, scenario, 'normalized-fixture.json'), 'utf8')) as unknown[]).length;
      for (let i = 0; i < count; i++) expect(mapped.has(`${scenario}#${i}`)).toBe(true);
    }
  });
});

describe('shape comparison helper', () => {
  it('finds missing fields and type mismatches, tolerates null and extra fields', () => {
    const expected = shapeOf({ a: 1, b: 'x', c: null, d: [{ e: true }], f: { g: 'y' } });
    expect(compareShapes(expected, shapeOf({ a: 2, b: 'z', c: 'anything', d: [{ e: false, extra: 1 }], f: { g: 'w' }, more: 1 }), new Set())).toEqual([]);
    expect(compareShapes(expected, shapeOf({ a: '1', b: 'z', c: 1, d: [{}], f: null }), new Set())).toEqual([
      '$.a: expected number, got string',
      '$.d[].e: missing',
      '$.f: expected object, got null',
    ]);
    expect(compareShapes(expected, shapeOf({ a: 1, b: 'x', c: 1, d: [], f: { g: 'y' } }), new Set())).toEqual([
      '$.d: empty array, cannot compare its elements',
    ]);
    expect(compareShapes(shapeOf({ a: 1, skip: 1 }), shapeOf({ a: 1 }), new Set(['$.skip']))).toEqual([]);
  });
});
