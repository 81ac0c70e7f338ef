/**
 * Realtime at scale (issue 19), every target in one run on two production instances sharing one database,
 * each figure beside the floor Next.js itself sets on this machine, measured in the same run:
 * - put:      presence PUT throughput against `GET /api/health` (64 concurrent clients each);
 * - floor:    a bare Next.js streaming response (app/api/bench/bare-stream): heap per open response and CPU per
 *             SSE write, then the workspace stream's heap per open stream beside it and fan-out to 1,000;
 * - wide:     5,000 streams over 500 branches (split over both instances), 100 events/s in total, p99;
 * - idle:     2,000 people (the real browser client, `WorkspaceConnection`, one stream each) for 120 s:
 *             HTTP requests/s per person, write transactions/s, CPU per instance;
 * - active:   200 people on 20 branches × 10 moving cursors: move → the other 9, and write transactions/s;
 * - scaleout: the same fan-out with its streams on one instance and split over two, side by side.
 *
 *   npx tsx bench/realtime.ts [put] [floor] [wide] [idle] [active] [scaleout]   (after `npx next build`; no names: all)
 *
 * Write transactions are counted by PostgreSQL's transaction ids (only writing transactions get one) over the
 * whole cluster, which only the two instances use: an upper bound of presence writes; an empty window measured
 * first shows what the instances write with nobody on them.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { setMaxListeners } from 'node:events';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { WorkspaceConnection } from '@/lib/realtime/client/workspace-connection';
import type { PresenceEntry } from '@/lib/workspace/collab-protocol';
import { PRESENCE_GRACE_MS } from '@/lib/workspace/presence';
import { type BenchApp, BENCH_PORTS, cpuMs, type HeapReading, nextTransactionId, readHeap, startBenchApp } from './support/app';
import { figure, ms, percentile } from './support/report';
import { openStream, type OnMessage, type Stream } from './support/sse-reader';

const owner = 'alice';
const repo = 'sample-game';
const seconds = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const IDLE_PEOPLE = seconds('IDLE_PEOPLE', 2_000);
// Idle for longer than the client's live correction poll (every 200–260 s), so every tab's poll is counted.
const IDLE_SECONDS = seconds('IDLE_SECONDS', 260);
const ACTIVE_SECONDS = seconds('ACTIVE_SECONDS', 20);
/** Cursor moves per person per second; the client throttle (100 ms) caps it at 10. */
const ACTIVE_MOVES_PER_S = seconds('ACTIVE_MOVES_PER_S', 1);
const PUT_SECONDS = seconds('PRESENCE_SECONDS', 5);
const PUT_CLIENTS = 64;

const branchQuery = (branch: string) => new URLSearchParams({ owner, repo, branch });
const streamUrl = (base: string, branch: string) => `${base}/api/workspace/events/stream?${branchQuery(branch)}`;

/** Opens streams 250 at a time, so an instance is not asked for thousands of set-ups at once. */
async function openMany(count: number, open: (index: number) => Stream): Promise<Stream[]> {
  const streams: Stream[] = [];
  for (let i = 0; i < count; i += 250) {
    const batch = Array.from({ length: Math.min(250, count - i) }, (_, n) => open(i + n));
    await Promise.all(batch.map((stream) => stream.ready));
    streams.push(...batch);
  }
  return streams;
}

async function postEvent(base: string, cookie: string, branch: string, marker: number): Promise<void> {
  const response = await fetch(`${base}/api/workspace/events`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json', origin: base },
    body: JSON.stringify({ owner, repo, branch, type: 'note', path: 'bench.txt', payload: { text: String(marker) } }),
  });
  if (response.status !== 201) throw new Error(`POST event answered ${response.status}: ${await response.text()}`);
}

const markerOf = (data: string) => Number((JSON.parse(data) as { payload?: { text?: string } }).payload?.text);

/** CPU of both instances over `run`, in ms, with its wall time. */
async function measureCpu<T>(app: BenchApp, run: () => Promise<T>): Promise<{ result: T; cpuA: number; cpuB: number; wallMs: number }> {
  const [pidA, pidB] = [app.serverPid(BENCH_PORTS.a), app.serverPid(BENCH_PORTS.b)];
  const [a0, b0] = [await cpuMs(pidA), await cpuMs(pidB)];
  const started = performance.now();
  const result = await run();
  const wallMs = performance.now() - started;
  return { result, cpuA: (await cpuMs(pidA)) - a0, cpuB: (await cpuMs(pidB)) - b0, wallMs };
}

const percentOfCore = (cpu: number, wallMs: number) => `${((cpu / wallMs) * 100).toFixed(1)} %`;

// ---- put: presence PUT against GET /api/health ----

interface LoadResult {
  rate: number;
  latencies: number[];
  failures: number;
}

/** `clients` concurrent loops, each sending one request after another for `durationS`. */
async function load(durationS: number, clients: number, send: (client: number, n: number) => Promise<Response>, ok: number): Promise<LoadResult> {
  const latencies: number[] = [];
  let failures = 0;
  const started = performance.now();
  const end = started + durationS * 1000;
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      for (let n = 1; performance.now() < end; n++) {
        const sent = performance.now();
        const response = await send(client, n);
        await response.arrayBuffer();
        if (response.status === ok) latencies.push(performance.now() - sent);
        else failures++;
      }
    }),
  );
  return { rate: latencies.length / ((performance.now() - started) / 1000), latencies, failures };
}

async function putAgainstHealth(app: BenchApp, cookie: string): Promise<void> {
  // Each client on a branch of its own: a person's row per branch, as many people at once would be.
  const put = (client: number, line: number) =>
    fetch(`${app.urlA}/api/workspace/presence`, {
      method: 'PUT',
      headers: { cookie, 'content-type': 'application/json', origin: app.urlA },
      body: JSON.stringify({ owner, repo, branch: `bench/presence-${client}`, page: 'code', cursor: { path: 'src/main.ts', line, ch: 1 } }),
    });
  const health = () => fetch(`${app.urlA}/api/health`);
  await load(1, PUT_CLIENTS, put, 204);
  await load(1, PUT_CLIENTS, health, 200);
  // Alternated, so a change in the machine's load touches both alike.
  const floor = await load(PUT_SECONDS, PUT_CLIENTS, health, 200);
  const puts = await load(PUT_SECONDS, PUT_CLIENTS, put, 204);
  console.log(
    `presence PUT on A, ${PUT_CLIENTS} clients for ${PUT_SECONDS} s: ${puts.rate.toFixed(0)}/s, p50 ${ms(percentile(puts.latencies, 50))}, ` +
      `p99 ${ms(percentile(puts.latencies, 99))}, ${puts.failures} failed; GET /api/health beside it: ${floor.rate.toFixed(0)}/s, ` +
      `p50 ${ms(percentile(floor.latencies, 50))}, p99 ${ms(percentile(floor.latencies, 99))}`,
  );
  figure({ metric: 'route handler floor (GET /api/health)', target: '(reference)', measured: `${floor.rate.toFixed(0)}/s`, pass: true });
  figure({
    metric: 'presence PUT throughput',
    target: `≥ 0.8 × health = ${(0.8 * floor.rate).toFixed(0)}/s`,
    measured: `${puts.rate.toFixed(0)}/s (${(puts.rate / floor.rate).toFixed(2)} × health)`,
    pass: puts.failures === 0 && puts.rate >= 0.8 * floor.rate,
  });
}

// ---- floor: bare streaming response, then the workspace stream beside it ----

const FLOOR_STREAMS = 1_000;
const FLOOR_WRITES = 20;

/** Heap per stream (KB) that opening `count` streams with `open` adds to B, after a full GC each side. */
async function heapPerStream(app: BenchApp, count: number, open: (index: number) => Stream): Promise<{ kb: number; streams: Stream[] }> {
  const pid = app.serverPid(BENCH_PORTS.b);
  const before = await readHeap(pid);
  const streams = await openMany(count, open);
  await sleep(1_000);
  const after = await readHeap(pid);
  return { kb: (after.heapUsed - before.heapUsed) / count / 1024, streams };
}

/** Returns the floor of one SSE write (ms of CPU) for the fan-out target. */
async function floorAndFanOut(app: BenchApp, cookie: string): Promise<number> {
  const bareUrl = `${app.urlB}/api/bench/bare-stream`;
  let bareWrites = 0;
  // Warm both routes first: code loaded on first use is not per stream.
  openStream(bareUrl, cookie).close();
  const warm = openStream(streamUrl(app.urlB, 'bench/warm'), cookie);
  await warm.ready;
  await sleep(500);
  warm.close();

  const bare = await heapPerStream(app, FLOOR_STREAMS, () =>
    openStream(bareUrl, cookie, (event) => {
      if (event === ':') bareWrites++;
    }),
  );
  bareWrites = 0;
  const poke = () => fetch(bareUrl, { method: 'POST', headers: { cookie, origin: app.urlB } }).then((response) => response.arrayBuffer());
  const { cpuB: bareCpu } = await measureCpu(app, async () => {
    for (let n = 0; n < FLOOR_WRITES; n++) await poke();
    const deadline = Date.now() + 30_000;
    while (bareWrites < FLOOR_WRITES * FLOOR_STREAMS && Date.now() < deadline) await sleep(20);
  });
  bare.streams.forEach((stream) => stream.close());
  const perWriteMs = bareCpu / (FLOOR_WRITES * FLOOR_STREAMS);
  const floorMs = FLOOR_STREAMS * perWriteMs;

  // The workspace stream: heap beside the bare one, then fan-out from A to these 1,000 on B.
  const branch = `bench/fanout-${Date.now()}`;
  const sentAt = new Map<number, number>();
  const latencies: number[] = [];
  const workspace = await heapPerStream(app, FLOOR_STREAMS, () =>
    openStream(streamUrl(app.urlB, branch), cookie, (event, data, at) => {
      if (event !== 'workspace-event') return;
      const sent = sentAt.get(markerOf(data));
      if (sent !== undefined) latencies.push(at - sent);
    }),
  );
  for (let marker = -10; marker < 0; marker++) await postEvent(app.urlA, cookie, branch, marker);
  await sleep(500);
  const events = 60;
  const { cpuB, wallMs } = await measureCpu(app, async () => {
    for (let marker = 0; marker < events; marker++) {
      const tick = performance.now();
      sentAt.set(marker, tick);
      void postEvent(app.urlA, cookie, branch, marker);
      await sleep(Math.max(0, 50 - (performance.now() - tick)));
    }
    const deadline = Date.now() + 15_000;
    while (latencies.length < events * FLOOR_STREAMS && Date.now() < deadline) await sleep(50);
  });
  workspace.streams.forEach((stream) => stream.close());

  const p50 = percentile(latencies, 50);
  const complete = latencies.length === events * FLOOR_STREAMS;
  console.log(
    `floor on B: bare streaming response ${bare.kb.toFixed(1)} KB of heap each (${FLOOR_STREAMS} open), ` +
      `${(perWriteMs * 1000).toFixed(1)} µs of CPU per write (${FLOOR_WRITES} writes to each); workspace stream ${workspace.kb.toFixed(1)} KB each. ` +
      `Fan-out A → ${FLOOR_STREAMS} on B at 20 events/s: ${latencies.length}/${events * FLOOR_STREAMS} deliveries, p50 ${ms(p50)}, ` +
      `p99 ${ms(percentile(latencies, 99))}; B's CPU ${((cpuB / (events * FLOOR_STREAMS)) * 1000).toFixed(1)} µs per delivery, ` +
      `${percentOfCore(cpuB, wallMs)} of a core`,
  );
  figure({ metric: 'SSE write floor (bare Next stream, CPU per write)', target: '(reference)', measured: `${(perWriteMs * 1000).toFixed(1)} µs`, pass: true });
  figure({
    metric: 'heap per open workspace stream',
    target: `≤ bare + 8 KB = ${(bare.kb + 8).toFixed(1)} KB`,
    measured: `${workspace.kb.toFixed(1)} KB (bare ${bare.kb.toFixed(1)} KB)`,
    pass: workspace.kb <= bare.kb + 8,
  });
  figure({
    metric: `fan-out p50, ${FLOOR_STREAMS} subscribers`,
    target: `≤ 2 × floor = ${ms(2 * floorMs)}`,
    measured: `${ms(p50)}${complete ? '' : ` (${latencies.length}/${events * FLOOR_STREAMS} delivered)`}`,
    pass: complete && p50 <= 2 * floorMs,
  });
  return perWriteMs;
}

// ---- wide: 5,000 streams over 500 branches ----

async function wideFanOut(app: BenchApp, cookie: string): Promise<void> {
  const branches = 500;
  const perBranch = 10;
  const rate = 100;
  const durationS = 10;
  const run = Date.now();
  const branchName = (n: number) => `bench/wide-${run}-${n}`;
  const sentAt = new Map<number, number>();
  const latencies: number[] = [];
  /** Each POST's round trip: the part of a delivery's latency spent before the event is committed and notified. */
  const postLatencies: number[] = [];
  const onMessage: OnMessage = (event, data, at) => {
    if (event !== 'workspace-event') return;
    const sent = sentAt.get(markerOf(data));
    if (sent !== undefined) latencies.push(at - sent);
  };
  // Half of each branch's people on each instance.
  const streams = await openMany(branches * perBranch, (index) =>
    openStream(streamUrl(index % 2 ? app.urlB : app.urlA, branchName(Math.floor(index / perBranch))), cookie, onMessage),
  );
  await sleep(1_000);
  const events = rate * durationS;
  const pids = [app.serverPid(BENCH_PORTS.a), app.serverPid(BENCH_PORTS.b)];
  // Pauses are counted from here (each reading starts a new window).
  await Promise.all(pids.map(readHeap));
  const benchLoop = monitorEventLoopDelay({ resolution: 5 });
  benchLoop.enable();
  const { cpuA, cpuB, wallMs } = await measureCpu(app, async () => {
    const started = performance.now();
    for (let marker = 0; marker < events; marker++) {
      const due = started + (marker * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      const sent = performance.now();
      sentAt.set(marker, sent);
      void postEvent(marker % 2 ? app.urlB : app.urlA, cookie, branchName(Math.floor(Math.random() * branches)), marker).then(() =>
        postLatencies.push(performance.now() - sent),
      );
    }
    const deadline = Date.now() + 15_000;
    while (latencies.length < events * perBranch && Date.now() < deadline) await sleep(50);
  });
  benchLoop.disable();
  const [readingA, readingB] = await Promise.all([readHeap(pids[0]!), readHeap(pids[1]!)]);
  streams.forEach((stream) => stream.close());
  const p99 = percentile(latencies, 99);
  const complete = latencies.length === events * perBranch;
  const pauses = ({ gc, loopDelayMs }: HeapReading['pauses']) =>
    `${gc.count} GCs (${gc.minor} minor, ${gc.major} major; ${ms(gc.totalMs)} in all, longest ${ms(gc.maxMs)}, longest major ${ms(gc.majorMaxMs)}), loop delay p99 ${ms(loopDelayMs.p99)} max ${ms(loopDelayMs.max)}`;
  console.log(
    `wide fan-out: ${streams.length} streams over ${branches} branches (both instances), ${rate} events/s for ${durationS} s: ` +
      `${latencies.length}/${events * perBranch} deliveries, p50 ${ms(percentile(latencies, 50))}, p99 ${ms(p99)} ` +
      `(the POSTs themselves: p50 ${ms(percentile(postLatencies, 50))}, p99 ${ms(percentile(postLatencies, 99))}); CPU A ${percentOfCore(cpuA, wallMs)}, B ${percentOfCore(cpuB, wallMs)}. Pauses: A ${pauses(readingA.pauses)}; B ${pauses(readingB.pauses)}; ` +
      `the bench's own loop delay p99 ${ms(benchLoop.percentile(99) / 1e6)} max ${ms(benchLoop.max / 1e6)}`,
  );
  figure({
    metric: '5,000 streams / 500 branches, 100 events/s: p99',
    target: '≤ 30 ms',
    measured: `${ms(p99)}${complete ? '' : ` (${latencies.length}/${events * perBranch} delivered)`}`,
    pass: complete && p99 <= 30,
  });
}

// ---- idle: the browser client itself, 2,000 of it ----

interface PersonContext {
  base: string;
  cookie: string;
}

/** Each simulated tab's instance and session, seen by the shims below through its async context. */
const person = new AsyncLocalStorage<PersonContext>();
const requests = { count: 0 };

/** EventSource for `WorkspaceConnection` in Node: a `node:http` reader dispatching named events. */
class BenchEventSource extends EventTarget {
  private readonly stream: Stream;

  constructor(url: string) {
    super();
    const context = person.getStore()!;
    requests.count++;
    let open = true;
    const fail = () => {
      if (open) this.dispatchEvent(new Event('error'));
    };
    this.stream = openStream(
      new URL(url, context.base).toString(),
      context.cookie,
      (event, data) => {
        if (event !== ':') this.dispatchEvent(Object.assign(new Event(event), { data }));
      },
      fail,
    );
    this.stream.ready.then(() => this.dispatchEvent(new Event('open')), fail);
    this.close = () => {
      open = false;
      this.stream.close();
    };
  }

  close: () => void;
}

function installBrowserShims(): void {
  const realFetch = globalThis.fetch;
  // Every tab listens for online/offline on the one window.
  const window = new EventTarget();
  setMaxListeners(0, window);
  Object.assign(globalThis, {
    window,
    EventSource: BenchEventSource,
    fetch: (input: string | URL, init: RequestInit = {}) => {
      const context = person.getStore();
      if (!context) return realFetch(input, init);
      requests.count++;
      const headers = new Headers(init.headers);
      headers.set('cookie', context.cookie);
      headers.set('origin', context.base);
      return realFetch(new URL(input.toString(), context.base), { ...init, headers });
    },
  });
  if (!('navigator' in globalThis)) Object.assign(globalThis, { navigator: {} });
  Object.defineProperty(globalThis.navigator, 'onLine', { value: true, configurable: true });
}

/** Person `n` of a crowd on branches of 10: a distinct user per branch, every other one on B. */
function crowdPlace(n: number, users: number) {
  const branch = Math.floor(n / 10);
  return { branch, user: (branch * 10 + (n % 10)) % users, onB: n % 2 === 1 };
}

async function idle(app: BenchApp, people: Array<{ id: string; cookie: string }>): Promise<void> {
  installBrowserShims();
  const run = Date.now();
  const db = app.database;

  // What the instances write with nobody on them (the job queue, say): the baseline of the count below.
  const emptyStart = await nextTransactionId(db);
  const empty = await measureCpu(app, () => sleep(10_000));
  const emptyRate = Number((await nextTransactionId(db)) - emptyStart) / (empty.wallMs / 1000);

  const connections: WorkspaceConnection[] = [];
  for (let n = 0; n < IDLE_PEOPLE; n += 100) {
    for (let k = n; k < Math.min(IDLE_PEOPLE, n + 100); k++) {
      const place = crowdPlace(k, people.length);
      const who = people[place.user]!;
      const connection = new WorkspaceConnection({ owner, repo, branch: `bench/idle-${run}-${place.branch}`, selfId: who.id });
      person.run({ base: place.onB ? app.urlB : app.urlA, cookie: who.cookie }, () => {
        connection.setPage('code');
        connection.start();
      });
      connections.push(connection);
    }
    const deadline = Date.now() + 60_000;
    while (connections.some((connection) => connection.getSnapshot().status !== 'live') && Date.now() < deadline) await sleep(100);
  }
  const live = connections.filter((connection) => connection.getSnapshot().status === 'live').length;
  // Let the opening's writes (PUTs of the first page, holds) settle before the window.
  await sleep(3_000);

  const requestsBefore = requests.count;
  const xidBefore = await nextTransactionId(db);
  const { cpuA, cpuB, wallMs } = await measureCpu(app, () => sleep(IDLE_SECONDS * 1000));
  const writes = Number((await nextTransactionId(db)) - xidBefore);
  const requestCount = requests.count - requestsBefore;
  const stillLive = connections.filter((connection) => connection.getSnapshot().status === 'live').length;
  connections.forEach((connection) => connection.stop());

  const windowS = wallMs / 1000;
  const perPerson = requestCount / IDLE_PEOPLE / windowS;
  const writesPerInstance = writes / windowS / 2;
  console.log(
    `idle: ${IDLE_PEOPLE} people (${live} live at the start, ${stillLive} at the end), ${IDLE_PEOPLE / 10} branches, for ${windowS.toFixed(0)} s: ` +
      `${requestCount} HTTP requests (${perPerson.toFixed(4)}/s per person); write transactions ${writes} ` +
      `(${(writes / windowS).toFixed(2)}/s for both instances; ${emptyRate.toFixed(2)}/s with nobody on them); ` +
      `CPU A ${percentOfCore(cpuA, wallMs)}, B ${percentOfCore(cpuB, wallMs)} of a core ` +
      `(${percentOfCore(empty.cpuA, empty.wallMs)} and ${percentOfCore(empty.cpuB, empty.wallMs)} with nobody on them)`,
  );
  figure({ metric: `idle ${IDLE_PEOPLE} people: HTTP requests/s per person`, target: '≤ 0.02', measured: perPerson.toFixed(4), pass: perPerson <= 0.02 && stillLive === IDLE_PEOPLE });
  figure({
    metric: 'idle: write transactions/s per instance',
    target: '≤ 1',
    measured: `${writesPerInstance.toFixed(2)} (cluster ${(writes / windowS).toFixed(2)}/s ÷ 2)`,
    pass: writesPerInstance <= 1,
  });
  const worstCpu = Math.max(cpuA, cpuB) / wallMs;
  figure({
    metric: 'idle: CPU per instance',
    target: '≤ 10 % of a core',
    measured: `A ${percentOfCore(cpuA, wallMs)}, B ${percentOfCore(cpuB, wallMs)}`,
    pass: worstCpu <= 0.1,
  });
}

// ---- active: 200 people moving cursors ----

async function active(app: BenchApp, people: Array<{ id: string; cookie: string }>): Promise<void> {
  const run = Date.now();
  const count = 200;
  const perBranch = 10;
  const sentAt = new Map<number, number>();
  const latencies: number[] = [];
  let failures = 0;
  const crowd = Array.from({ length: count }, (_, n) => {
    const place = crowdPlace(n, people.length);
    const who = people[place.user]!;
    return { ...who, base: place.onB ? app.urlB : app.urlA, branch: `bench/active-${run}-${place.branch}` };
  });
  const put = (who: (typeof crowd)[number], line: number) =>
    fetch(`${who.base}/api/workspace/presence`, {
      method: 'PUT',
      headers: { cookie: who.cookie, 'content-type': 'application/json', origin: who.base },
      body: JSON.stringify({ owner, repo, branch: who.branch, page: 'code', cursor: { path: 'bench.ts', line, ch: 1 } }),
    }).then(async (response) => {
      await response.arrayBuffer();
      if (response.status !== 204) failures++;
    });
  // Everyone is on the page first (and each user's access is checked once on each instance).
  await Promise.all(crowd.flatMap((who) => [put(who, 1), put({ ...who, base: who.base === app.urlA ? app.urlB : app.urlA }, 1)]));
  const streams = await openMany(count, (n) =>
    openStream(streamUrl(crowd[n]!.base, crowd[n]!.branch), crowd[n]!.cookie, (event, data, at) => {
      if (event !== 'presence') return;
      const entry = JSON.parse(data) as PresenceEntry;
      if (entry.user?.id === crowd[n]!.id || !entry.cursor) return;
      const sent = sentAt.get(entry.cursor.line);
      if (sent !== undefined) latencies.push(at - sent);
    }),
  );
  await sleep(2_000);
  failures = 0;

  let marker = 1_000;
  const moves: number[] = [];
  const xidBefore = await nextTransactionId(app.database);
  const { cpuA, cpuB, wallMs } = await measureCpu(app, async () => {
    const end = performance.now() + ACTIVE_SECONDS * 1000;
    await Promise.all(
      crowd.map(async (who) => {
        // Moves spread at random, at most one PUT per 100 ms (the client's throttle).
        await sleep(Math.random() * (1000 / ACTIVE_MOVES_PER_S));
        while (performance.now() < end) {
          const line = marker++;
          moves.push(line);
          sentAt.set(line, performance.now());
          const sent = put(who, line);
          await sleep(Math.max(100, (1000 / ACTIVE_MOVES_PER_S) * (0.5 + Math.random())));
          await sent;
        }
      }),
    );
  });
  const writes = Number((await nextTransactionId(app.database)) - xidBefore);
  await sleep(1_000);
  streams.forEach((stream) => stream.close());

  const expected = moves.length * (perBranch - 1);
  const p50 = percentile(latencies, 50);
  const p99 = percentile(latencies, 99);
  const writeRate = writes / (wallMs / 1000);
  console.log(
    `active: ${count} people on ${count / perBranch} branches (both instances), ${ACTIVE_MOVES_PER_S} cursor moves/s each for ${ACTIVE_SECONDS} s: ` +
      `${moves.length} moves (${failures} PUTs failed), ${latencies.length}/${expected} seen by the other ${perBranch - 1}; ` +
      `p50 ${ms(p50)}, p99 ${ms(p99)}; write transactions ${writeRate.toFixed(1)}/s; CPU A ${percentOfCore(cpuA, wallMs)}, B ${percentOfCore(cpuB, wallMs)}`,
  );
  // A move superseded by the same person's next one within a batch is never sent: latest state wins.
  const complete = latencies.length >= 0.95 * expected && failures === 0;
  const seen = complete ? '' : ` (${latencies.length}/${expected} seen, ${failures} failed)`;
  figure({ metric: 'active: cursor move → other 9, p50', target: '≤ 50 ms', measured: `${ms(p50)}${seen}`, pass: complete && p50 <= 50 });
  figure({ metric: 'active: cursor move → other 9, p99', target: '≤ 150 ms', measured: ms(p99), pass: complete && p99 <= 150 });
  figure({ metric: 'active: presence write transactions (total)', target: '≤ 40/s', measured: `${writeRate.toFixed(1)}/s`, pass: writeRate <= 40 });
}

// ---- scale-out: one instance against two ----

async function scaleOut(app: BenchApp, cookie: string, perWriteMs: number | null): Promise<void> {
  const streamsCount = 2_000;
  const rate = 10;
  const durationS = 5;
  const results: string[] = [];
  for (const split of [false, true]) {
    const branch = `bench/scaleout-${split ? 'two' : 'one'}-${Date.now()}`;
    const sentAt = new Map<number, number>();
    const latencies: number[] = [];
    const streams = await openMany(streamsCount, (n) =>
      openStream(streamUrl(split && n % 2 === 0 ? app.urlA : app.urlB, branch), cookie, (event, data, at) => {
        if (event !== 'workspace-event') return;
        const sent = sentAt.get(markerOf(data));
        if (sent !== undefined) latencies.push(at - sent);
      }),
    );
    await sleep(1_000);
    const events = rate * durationS;
    const { cpuA, cpuB, wallMs } = await measureCpu(app, async () => {
      const started = performance.now();
      for (let marker = 0; marker < events; marker++) {
        const wait = started + (marker * 1000) / rate - performance.now();
        if (wait > 0) await sleep(wait);
        sentAt.set(marker, performance.now());
        void postEvent(app.urlA, cookie, branch, marker);
      }
      const deadline = Date.now() + 20_000;
      while (latencies.length < events * streamsCount && Date.now() < deadline) await sleep(50);
    });
    streams.forEach((stream) => stream.close());
    const deliveredPerS = latencies.length / (wallMs / 1000);
    const line =
      `${split ? 'two instances' : 'one instance '}: ${streams.length} streams held, ${latencies.length}/${events * streamsCount} deliveries, ` +
      `${deliveredPerS.toFixed(0)}/s, p50 ${ms(percentile(latencies, 50))}, p99 ${ms(percentile(latencies, 99))}; ` +
      `CPU A ${percentOfCore(cpuA, wallMs)}, B ${percentOfCore(cpuB, wallMs)}`;
    results.push(line);
    figure({
      metric: `scale-out, ${split ? 'two instances' : 'one instance'}: ${streamsCount} streams, ${rate} events/s`,
      target: '(side by side)',
      measured: `${deliveredPerS.toFixed(0)} deliveries/s, p50 ${ms(percentile(latencies, 50))}, p99 ${ms(percentile(latencies, 99))}`,
      pass: latencies.length === events * streamsCount,
    });
  }
  const floor = perWriteMs === null ? '' : ` (write floor ${(perWriteMs * 1000).toFixed(1)} µs)`;
  console.log(`scale-out, the same fan-out (${streamsCount} streams on one branch, ${rate} events/s POSTed on A)${floor}:\n  ${results.join('\n  ')}`);
}

async function main() {
  const app = await startBenchApp();
  try {
    const { rows } = await app.database.pool.query<{ version: string }>('SELECT version()');
    console.log(`database: ${rows[0]?.version} (embedded, shared by both instances)`);
    const cookie = await app.sessionCookie('alice');
    const chosen = process.argv.slice(2);
    const runs = (name: string) => chosen.length === 0 || chosen.includes(name);
    const people = runs('idle') || runs('active') ? await app.people(200, 'alice') : [];
    let perWriteMs: number | null = null;
    // Each phase starts on instances at rest: the streams a phase closed go offline after the grace period,
    // one presence write per branch, which would otherwise land in the next phase's figures.
    const settled = () => sleep(PRESENCE_GRACE_MS + 3_000);
    if (runs('put')) await putAgainstHealth(app, cookie);
    if (runs('floor')) perWriteMs = await floorAndFanOut(app, cookie).finally(settled);
    if (runs('wide')) await wideFanOut(app, cookie).finally(settled);
    if (runs('active')) await active(app, people).finally(settled);
    if (runs('scaleout')) await scaleOut(app, cookie, perWriteMs).finally(settled);
    if (runs('idle')) await idle(app, people);
  } finally {
    await app.close();
  }
}

await main();
