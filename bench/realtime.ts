/**
 * Realtime figures on two production instances sharing one database (prints numbers; asserts nothing):
 * - fan-out: N SSE subscribers on instance B to one branch's event stream, events POSTed on instance A at a
 *   fixed rate; latency from sending the POST to each subscriber parsing the event;
 * - SSE capacity: idle streams one instance holds, and memory per stream: V8 heap after a full GC (the
 *   heap probe preloaded into the servers, support/heap-probe.mjs), with external memory and VmRSS beside it;
 * - presence: sustained PUT rate on one instance with a fixed number of concurrent clients, and p99.
 *
 *   npx tsx bench/realtime.ts [fanout] [capacity] [presence]   (after `npx next build`; no names: all)
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { type BenchApp, BENCH_PORTS, cpuMs, readHeap, residentKb, startBenchApp } from './support/app';
import { figure, ms, percentile } from './support/report';

const owner = 'alice';
const repo = 'sample-game';
const FANOUT_RATE_PER_S = 20;
const FANOUT_EVENTS = 60;
const CAPACITY_STREAMS = Number(process.env.CAPACITY_STREAMS ?? 5_000);
const CAPACITY_OPEN_BUDGET_MS = 60_000;
const PRESENCE_CLIENTS = 64;
const PRESENCE_SECONDS = Number(process.env.PRESENCE_SECONDS ?? 5);

interface Subscriber {
  close(): void;
  ready: Promise<void>;
}

/**
 * Opens one SSE stream and calls `onEvent(data, receivedAt)` for each `workspace-event`. Plain `node:http`
 * with a string buffer: a thousand fetch + TextDecoderStream readers cost more CPU than the server they measure
 * (they share its two cores), which would make the figure the client's.
 */
function subscribe(url: string, cookie: string, onEvent: (data: string, at: number) => void): Subscriber {
  let request: http.ClientRequest | undefined;
  const ready = new Promise<void>((resolve, reject) => {
    request = http.get(url, { headers: { cookie, accept: 'text/event-stream' }, agent: false }, (response) => {
      if (response.statusCode !== 200) {
        response.resume();
        reject(new Error(`stream answered ${response.statusCode}`));
        return;
      }
      resolve();
      response.setEncoding('utf8');
      let buffer = '';
      response.on('data', (chunk: string) => {
        const at = performance.now();
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (!block.includes('event: workspace-event')) continue;
          const data = block.split('\n').find((line) => line.startsWith('data:'));
          if (data) onEvent(data.slice(5).trim(), at);
        }
      });
      response.on('error', () => {});
    });
    request.on('error', reject);
  });
  // A stream the bench closes itself is not a failure.
  ready.catch(() => {});
  return { ready, close: () => request?.destroy() };
}

const streamUrl = (base: string, branch: string) => `${base}/api/workspace/events/stream?${new URLSearchParams({ owner, repo, branch })}`;

async function postEvent(app: BenchApp, cookie: string, branch: string, marker: number): Promise<number> {
  const sent = performance.now();
  const response = await fetch(`${app.urlA}/api/workspace/events`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json', origin: app.urlA },
    body: JSON.stringify({ owner, repo, branch, type: 'note', path: 'bench.txt', payload: { text: String(marker) } }),
  });
  if (response.status !== 201) throw new Error(`POST event answered ${response.status}: ${await response.text()}`);
  return performance.now() - sent;
}

/**
 * Opens `count` streams in batches so the instance is not asked for thousands of catch-up queries at once;
 * stops opening after `budgetMs` (the run must stay short) and returns what is open.
 */
async function openMany(count: number, open: () => Subscriber, budgetMs = Infinity): Promise<Subscriber[]> {
  const subscribers: Subscriber[] = [];
  const deadline = performance.now() + budgetMs;
  for (let i = 0; i < count && performance.now() < deadline; i += 250) {
    const batch = Array.from({ length: Math.min(250, count - i) }, open);
    await Promise.all(batch.map((subscriber) => subscriber.ready));
    subscribers.push(...batch);
  }
  return subscribers;
}

async function fanOut(app: BenchApp, cookie: string, subscriberCount: number): Promise<void> {
  const branch = `bench/fanout-${subscriberCount}-${Date.now()}`;
  const sentAt = new Map<number, number>();
  const latencies: number[] = [];
  /** Per event, when its first subscriber had it: splits the path to B from the fan-out on B. */
  const firstArrival = new Map<number, number>();
  const postTimes: number[] = [];
  const subscribers = await openMany(subscriberCount, () =>
    subscribe(streamUrl(app.urlB, branch), cookie, (data, at) => {
      const marker = Number((JSON.parse(data) as { payload?: { text?: string } }).payload?.text);
      const sent = sentAt.get(marker);
      if (sent === undefined) return;
      latencies.push(at - sent);
      if (!firstArrival.has(marker)) firstArrival.set(marker, at - sent);
    }),
  );
  // Warm-up: the first requests of a route load its code and fill the permission cache.
  for (let marker = -20; marker < 0; marker++) await postEvent(app, cookie, branch, marker);
  await sleep(500);
  const clientCpuBefore = process.cpuUsage();
  const serverCpuBefore = await cpuMs(app.serverPid(BENCH_PORTS.b));
  const phaseStarted = performance.now();
  for (let marker = 0; marker < FANOUT_EVENTS; marker++) {
    const tick = performance.now();
    sentAt.set(marker, tick);
    void postEvent(app, cookie, branch, marker).then((took) => postTimes.push(took));
    await sleep(Math.max(0, 1000 / FANOUT_RATE_PER_S - (performance.now() - tick)));
  }
  const expected = FANOUT_EVENTS * subscriberCount;
  const deadline = Date.now() + 10_000;
  while (latencies.length < expected && Date.now() < deadline) await sleep(50);
  const phaseMs = performance.now() - phaseStarted;
  const clientCpu = process.cpuUsage(clientCpuBefore);
  const serverCpu = (await cpuMs(app.serverPid(BENCH_PORTS.b))) - serverCpuBefore;
  subscribers.forEach((subscriber) => subscriber.close());

  const p50 = percentile(latencies, 50);
  const p99 = percentile(latencies, 99);
  console.log(
    `fan-out to ${subscriberCount} subscribers on B, ${FANOUT_RATE_PER_S} events/s POSTed on A: ` +
      `${latencies.length}/${expected} deliveries, p50 ${ms(p50)}, p99 ${ms(p99)}, max ${ms(percentile(latencies, 100))}; ` +
      `first subscriber of each event: p50 ${ms(percentile([...firstArrival.values()], 50))}; ` +
      `the POST itself (A's answer): p50 ${ms(percentile(postTimes, 50))}, p99 ${ms(percentile(postTimes, 99))}; ` +
      `CPU over ${ms(phaseMs)}: B ${ms(serverCpu)} (${ms(serverCpu / FANOUT_EVENTS)} per event), ` +
      `this client ${ms((clientCpu.user + clientCpu.system) / 1000)}`,
  );
  const complete = latencies.length === expected;
  const at1000 = subscriberCount >= 1000;
  figure({
    metric: `fan-out p50, ${subscriberCount} subscribers`,
    target: at1000 ? '≤ 5 ms' : '(reference)',
    measured: `${ms(p50)}${complete ? '' : ` (${latencies.length}/${expected} delivered)`}`,
    pass: complete && (!at1000 || p50 <= 5),
  });
  figure({
    metric: `fan-out p99, ${subscriberCount} subscribers`,
    target: at1000 ? '≤ 30 ms' : '(reference)',
    measured: ms(p99),
    pass: complete && (!at1000 || p99 <= 30),
  });
}

async function capacity(app: BenchApp, cookie: string): Promise<void> {
  const branch = `bench/capacity-${Date.now()}`;
  const pid = app.serverPid(BENCH_PORTS.b);
  // One stream first, so code loaded on first use and the permission cache are not counted per stream.
  const warm = subscribe(streamUrl(app.urlB, branch), cookie, () => {});
  await warm.ready;
  await sleep(1000);
  const before = await readHeap(pid);
  const rssBefore = await residentKb(pid);
  let delivered = 0;
  const started = performance.now();
  const subscribers = await openMany(CAPACITY_STREAMS, () => subscribe(streamUrl(app.urlB, branch), cookie, () => delivered++), CAPACITY_OPEN_BUDGET_MS);
  const openedMs = performance.now() - started;
  await sleep(2000);
  const after = await readHeap(pid);
  const rssAfter = await residentKb(pid);
  // The streams are alive, not merely accepted: one event reaches every one of them.
  await postEvent(app, cookie, branch, -1);
  const deadline = Date.now() + 15_000;
  while (delivered < subscribers.length && Date.now() < deadline) await sleep(50);
  [warm, ...subscribers].forEach((subscriber) => subscriber.close());

  const perStream = (bytes: number) => bytes / subscribers.length / 1024;
  const heapKb = perStream(after.heapUsed - before.heapUsed);
  const externalKb = perStream(after.external - before.external);
  console.log(
    `SSE capacity on B: ${subscribers.length} streams opened in ${ms(openedMs)}, one event reached ${delivered}; per stream after a full GC: ` +
      `V8 heap ${heapKb.toFixed(1)} KB (${(before.heapUsed / 2 ** 20).toFixed(0)} → ${(after.heapUsed / 2 ** 20).toFixed(0)} MB), ` +
      `external ${externalKb.toFixed(1)} KB; process VmRSS ${perStream((rssAfter - rssBefore) * 1024).toFixed(1)} KB ` +
      `(${(rssBefore / 1024).toFixed(0)} → ${(rssAfter / 1024).toFixed(0)} MB, includes sockets and heap kept for reuse)`,
  );
  figure({ metric: 'idle SSE streams held by one instance', target: '≥ 5,000', measured: `${delivered} live`, pass: delivered >= 5_000 });
  // Below a thousand streams the difference is too small to tell from noise.
  const meaningful = subscribers.length >= 1_000;
  figure({
    metric: 'heap per SSE stream (V8 heap after GC)',
    target: '≤ 40 KB',
    measured: `${heapKb.toFixed(1)} KB over ${subscribers.length} streams${meaningful ? '' : ' (too few to tell)'}`,
    pass: meaningful && heapKb <= 40,
  });
}

interface LoadResult {
  rate: number;
  latencies: number[];
  failures: number;
}

/** `clients` concurrent loops, each sending `send(client, n)` one after another for `seconds`. */
async function load(seconds: number, clients: number, send: (client: number, n: number) => Promise<Response>, ok: number): Promise<LoadResult> {
  const latencies: number[] = [];
  let failures = 0;
  const started = performance.now();
  const end = started + seconds * 1000;
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

async function presence(app: BenchApp, cookie: string): Promise<void> {
  // Each client is on its own branch (a person's heartbeat row per branch), as many people at once would be.
  const put = (client: number, line: number) =>
    fetch(`${app.urlA}/api/workspace/presence`, {
      method: 'PUT',
      headers: { cookie, 'content-type': 'application/json', origin: app.urlA },
      body: JSON.stringify({ owner, repo, branch: `bench/presence-${client}`, page: 'code', cursor: { path: 'src/main.ts', line, ch: 1 } }),
    });
  await load(1, PRESENCE_CLIENTS, put, 204);
  const { rate, latencies, failures } = await load(PRESENCE_SECONDS, PRESENCE_CLIENTS, put, 204);
  // The same load on the cheapest route handler there is (one `SELECT 1`): what Next.js itself allows here.
  const floor = await load(PRESENCE_SECONDS, PRESENCE_CLIENTS, () => fetch(`${app.urlA}/api/health`), 200);
  const p99 = percentile(latencies, 99);
  console.log(
    `presence PUT on A, ${PRESENCE_CLIENTS} concurrent clients for ${PRESENCE_SECONDS} s: ${rate.toFixed(0)}/s, ` +
      `p50 ${ms(percentile(latencies, 50))}, p99 ${ms(p99)}, ${failures} failed; ` +
      `GET /api/health under the same load: ${floor.rate.toFixed(0)}/s, p50 ${ms(percentile(floor.latencies, 50))}`,
  );
  figure({ metric: 'presence PUT rate', target: '≥ 1,500/s', measured: `${rate.toFixed(0)}/s`, pass: rate >= 1500 && failures === 0 });
  figure({ metric: 'presence PUT p99', target: '< 50 ms', measured: ms(p99), pass: p99 < 50 });
  figure({ metric: 'route handler floor (GET /api/health)', target: '(reference)', measured: `${floor.rate.toFixed(0)}/s`, pass: true });
}

async function main() {
  const app = await startBenchApp();
  try {
    const { rows } = await app.database.pool.query<{ version: string }>('SELECT version()');
    console.log(`database: ${rows[0]?.version} (embedded, shared by both instances)`);
    const cookie = await app.sessionCookie('alice');
    const chosen = process.argv.slice(2);
    const runs = (name: string) => chosen.length === 0 || chosen.includes(name);
    if (runs('fanout')) for (const count of [100, 1_000]) await fanOut(app, cookie, count);
    if (runs('capacity')) await capacity(app, cookie);
    if (runs('presence')) await presence(app, cookie);
  } finally {
    await app.close();
  }
}

await main();
