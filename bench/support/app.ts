/**
 * Benchmark harness: the production build served by `scripts/serve.ts` (instance A, with its embedded
 * PostgreSQL and GitHub emulator under a throwaway DATA_DIR) and, unless `single`, a second instance joined
 * to it (B), on the benchmark ports, plus a signed-in session cookie that both accept.
 *
 * Needs `npx next build` first (`npm run bench` does it).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { encode } from 'next-auth/jwt';
import { GitHubEmulatorControl } from '@/emulators/github/control';
import { createDatabase, type DatabaseHandle } from '@/lib/db/client';

/** BENCH_PORT_BASE (default 4000) moves every port, so two checkouts can benchmark side by side. */
const PORT_BASE = Number(process.env.BENCH_PORT_BASE ?? 4000);
export const BENCH_PORTS = { a: PORT_BASE, b: PORT_BASE + 1, github: PORT_BASE + 90, anthropic: PORT_BASE + 91 } as const;
const DATA_DIR = path.resolve('.data/bench');
const HEAP_PROBE = pathToFileURL(path.resolve('bench/support/heap-probe.mjs')).href;

export interface BenchAppOptions {
  /** Only instance A (then `urlB` is `urlA`); default: A and B on one database. */
  single?: boolean;
  /**
   * The Anthropic API the instances call, e.g. an emulator the bench runs in its own process (so it can
   * timestamp what it writes); default: serve.ts starts one on the benchmark port (WEBEDT_ANTHROPIC_EMULATOR).
   */
  anthropic?: { url: string; apiKey: string };
  /** More environment for the instances (limits such as LIVE_CHAT_TURNS_PER_WINDOW). */
  env?: Record<string, string>;
}

export interface BenchApp {
  urlA: string;
  /** Instance B, or A with `single`. */
  urlB: string;
  github: GitHubEmulatorControl;
  /** The instances' settings (DATABASE_URL, GITHUB_*, ANTHROPIC_*), as `serve.ts` published them. */
  settings: Record<string, string>;
  database: DatabaseHandle;
  /** `cookie` header value of a session for `login`. */
  sessionCookie(login: string): Promise<string>;
  /**
   * `count` distinct people (users `bench-person-<n>`) with their session cookies. They act on GitHub
   * with `tokenOf`'s token, so they have that user's access without a forge account each.
   */
  people(count: number, tokenOf: string): Promise<Array<{ id: string; cookie: string }>>;
  /** Pid of the Next.js server process listening on the port (for memory readings). */
  serverPid(port: number): number;
  close(): Promise<void>;
}

function start(args: string[], port: number, options: BenchAppOptions): ChildProcess {
  const anthropic = options.anthropic
    ? { ANTHROPIC_BASE_URL: options.anthropic.url, ANTHROPIC_API_KEY: options.anthropic.apiKey, WEBEDT_ANTHROPIC_EMULATOR: 'false' }
    : { ANTHROPIC_EMULATOR_PORT: String(BENCH_PORTS.anthropic), WEBEDT_ANTHROPIC_EMULATOR: 'true' };
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/serve.ts', ...args], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DATA_DIR,
      PORT: String(port),
      GITHUB_EMULATOR_PORT: String(BENCH_PORTS.github),
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${HEAP_PROBE}`.trim(),
      // The bare streaming route (app/api/bench/bare-stream) the realtime figures are set against.
      WEBEDT_BENCH_ROUTES: 'true',
      ...anthropic,
      ...options.env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
    detached: true,
  });
  return child;
}

async function waitHealthy(url: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const ok = await fetch(`${url}/api/health`).then((response) => response.ok, () => false);
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`${url} did not become healthy`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const stopGroup = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.pid === undefined) return resolve();
    child.once('exit', () => resolve());
    process.kill(-child.pid, 'SIGTERM');
  });

export async function startBenchApp(options: BenchAppOptions = {}): Promise<BenchApp> {
  const a = start(['--fresh-data'], BENCH_PORTS.a, options);
  const urlA = `http://127.0.0.1:${BENCH_PORTS.a}`;
  const urlB = options.single ? urlA : `http://127.0.0.1:${BENCH_PORTS.b}`;
  let b: ChildProcess | undefined;
  try {
    await waitHealthy(urlA);
    if (!options.single) {
      b = start(['--join'], BENCH_PORTS.b, options);
      await waitHealthy(urlB);
    }
  } catch (error) {
    if (b) await stopGroup(b);
    await stopGroup(a);
    throw error;
  }
  const joined = b;
  // An interrupted run (Ctrl-C, a timeout) still stops the servers it started.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      for (const child of [joined, a]) if (child && child.pid !== undefined && child.exitCode === null) process.kill(-child.pid, 'SIGTERM');
      process.exit(130);
    });
  }

  const { settings } = JSON.parse(await readFile(path.join(DATA_DIR, 'instance.json'), 'utf8')) as { settings: Record<string, string> };
  const secret = (await readFile(path.join(DATA_DIR, 'auth-secret'), 'utf8')).trim();
  // The token store encrypts with the app's settings: read them before lib/auth/tokens parses env().
  Object.assign(process.env, settings, { AUTH_SECRET: secret, DATA_DIR });
  const database = createDatabase(settings.DATABASE_URL!, 4);
  const github = new GitHubEmulatorControl(settings.GITHUB_URL!);

  return {
    urlA,
    urlB,
    github,
    settings,
    database,
    async sessionCookie(login) {
      const { upsertGitHubUser } = await import('@/lib/auth/tokens');
      const { tokensFromResponse } = await import('@/lib/github/oauth');
      const tokens = await github.createUserToken(login);
      const profile = await (await fetch(`${settings.GITHUB_API_URL}/user`, { headers: { authorization: `token ${tokens.access_token}` } })).json();
      const uid = await upsertGitHubUser(database.db, profile, tokensFromResponse(tokens));
      // The session next-auth would set after the OAuth callback (JWT strategy, see lib/auth/next-auth.ts).
      const salt = 'authjs.session-token';
      const token = await encode({ token: { sub: uid, uid, login, name: profile.name }, secret, salt });
      return `${salt}=${token}`;
    },
    async people(count, tokenOf) {
      const { upsertGitHubUser } = await import('@/lib/auth/tokens');
      const { tokensFromResponse } = await import('@/lib/github/oauth');
      const tokens = tokensFromResponse(await github.createUserToken(tokenOf));
      const salt = 'authjs.session-token';
      return Promise.all(
        Array.from({ length: count }, async (_, n) => {
          const login = `bench-person-${n}`;
          const profile = { id: 900_000_000 + n, login, name: `Bench Person ${n}`, avatar_url: null, email: null };
          const uid = await upsertGitHubUser(database.db, profile, tokens);
          const token = await encode({ token: { sub: uid, uid, login, name: profile.name }, secret, salt });
          return { id: uid, cookie: `${salt}=${token}` };
        }),
      );
    },
    serverPid(port) {
      const listing = execFileSync('ss', ['-ltnpH', `sport = :${port}`], { encoding: 'utf8' });
      const pid = /pid=(\d+)/.exec(listing)?.[1];
      if (!pid) throw new Error(`no process listens on ${port}`);
      return Number(pid);
    },
    async close() {
      await database.close();
      if (joined) await stopGroup(joined);
      await stopGroup(a);
      await rm(DATA_DIR, { recursive: true, force: true });
    },
  };
}

export interface HeapReading {
  /** V8 heap in use after a full garbage collection, bytes. */
  heapUsed: number;
  rss: number;
  /** Memory of Buffers and other objects outside the V8 heap, bytes. */
  external: number;
  /** Since the previous reading: garbage collections (pause ms) and event-loop delay (ms). */
  pauses: {
    /** All collections, then scavenges (minor) and mark-compacts (major) among them. */
    gc: { count: number; totalMs: number; maxMs: number; minor: number; major: number; majorMaxMs: number };
    loopDelayMs: { p50: number; p99: number; max: number };
  };
}

/** Asks an app process's heap probe (heap-probe.mjs) for its memory after a full garbage collection. */
export async function readHeap(pid: number): Promise<HeapReading> {
  const file = path.join(os.tmpdir(), `webedt-heap-${pid}.json`);
  await rm(file, { force: true });
  process.kill(pid, 'SIGUSR2');
  const deadline = Date.now() + 30_000;
  for (;;) {
    const text = await readFile(file, 'utf8').catch(() => null);
    if (text) return JSON.parse(text) as HeapReading;
    if (Date.now() > deadline) throw new Error(`process ${pid} did not report its heap`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Resident set size of a process in KB (VmRSS from /proc). */
export async function residentKb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
}

/**
 * The next transaction id PostgreSQL will assign (without assigning one). Only transactions that
 * write get an id, so the difference over a window counts the write transactions of the whole
 * cluster in it (the benchmark's database is the instances' alone).
 */
export async function nextTransactionId(database: DatabaseHandle): Promise<bigint> {
  const { rows } = await database.pool.query<{ xid: string }>('SELECT pg_snapshot_xmax(pg_current_snapshot())::text AS xid');
  return BigInt(rows[0]!.xid);
}

/** CPU time (user + system) a process has used so far, in ms (from /proc; clock ticks of 10 ms). */
export async function cpuMs(pid: number): Promise<number> {
  const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]!.split(' ');
  // After "pid (comm) ", utime and stime are the 12th and 13th fields.
  return (Number(fields[11]) + Number(fields[12])) * 10;
}
