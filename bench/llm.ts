/**
 * LLM figures (prints numbers; asserts nothing). The Anthropic emulator runs in THIS process, streaming a word
 * every TOKEN_MS, and one production instance (`scripts/serve.ts`, ANTHROPIC_BASE_URL pointed at the emulator)
 * answers; the emulator reports the moment it writes each event (`onStreamEvent`), on this process's clock.
 * - Live Chat token path: the emulator writing the answer's first text_delta → this client parsing the first
 *   `text` event of `POST /api/live-chat/:owner/:repo/:branch/execute`. For reference, the execute POST → the
 *   first token, and the part of it before the model is called (auth, history, branch snapshot).
 * - Agent token path: the same, to the first `text_delta` event on `GET /api/agents/:id/stream`.
 * - Agent pickup: sending `POST /api/agents` → parsing the worker's first event (`status: running`) on that stream.
 *   Agents run one at a time, each finishing before the next, so the per-user limit never queues one.
 * Turns and agents run one at a time, so the emulator's latest answer is always the one being timed; the first
 * few of each (Next.js and V8 warming up) are not counted.
 *
 *   npx tsx bench/llm.ts [chat] [agents]   (after `npx next build`; no names: both)
 */
import { performance } from 'node:perf_hooks';
import { AnthropicEmulatorControl, EMULATOR_API_KEY } from '@/emulators/anthropic/control';
import { startAnthropicEmulator } from '@/emulators/anthropic/server';
import { type ParsedSseEvent, sseEvents } from '@/lib/realtime/client/sse-parser';
import { type BenchApp, BENCH_PORTS, startBenchApp } from './support/app';
import { figure, ms, percentile } from './support/report';

const owner = 'alice';
const repo = 'sample-game';
const TOKEN_MS = 10;
const WARMUP = 5;
const CHAT_TURNS = Number(process.env.LLM_CHAT_TURNS ?? 30);
const AGENTS = Number(process.env.LLM_AGENTS ?? 20);
const ANSWER = 'Sure. This branch holds a small game: the loop is in src/main.ts, the scenes under scenes/, and the README explains how to run it.';

/** When the emulator wrote the current answer's first event and first text_delta (one answer in flight at a time). */
const emulatorWrote: { start?: number; firstText?: number } = {};

interface Timed {
  event: ParsedSseEvent;
  at: number;
}

/** Parses an SSE response, calling `onEvent` with each event and the moment it was parsed; stops when it returns true. */
async function readEvents(response: Response, onEvent: (timed: Timed) => boolean | void): Promise<void> {
  if (response.status !== 200) throw new Error(`stream answered ${response.status}: ${await response.text()}`);
  for await (const event of sseEvents(response.body!)) {
    if (onEvent({ event, at: performance.now() })) break;
  }
  await response.body!.cancel().catch(() => {});
}

const summary = (samples: number[]) => `p50 ${ms(percentile(samples, 50))}, p99 ${ms(percentile(samples, 99))} (n=${samples.length})`;

async function chat(app: BenchApp, cookie: string): Promise<void> {
  const branch = 'main';
  const base = `${app.urlA}/api/live-chat/${owner}/${repo}/${branch}`;
  const headers = { cookie, 'content-type': 'application/json', origin: app.urlA };
  const tokenPath: number[] = [];
  const toFirstToken: number[] = [];
  const beforeModel: number[] = [];
  for (let turn = 0; turn < WARMUP + CHAT_TURNS; turn++) {
    const posted = await fetch(`${base}/messages`, { method: 'POST', headers, body: JSON.stringify({ content: `Bench question ${turn}: what is here?` }) });
    if (posted.status !== 201) throw new Error(`POST messages answered ${posted.status}: ${await posted.text()}`);
    delete emulatorWrote.start;
    delete emulatorWrote.firstText;
    const sent = performance.now();
    let firstText: number | undefined;
    const response = await fetch(`${base}/execute`, { method: 'POST', headers, body: '{}' });
    await readEvents(response, ({ event, at }) => {
      if (event.event === 'error') throw new Error(`turn failed: ${event.data}`);
      if (event.event === 'text') firstText ??= at;
      return event.event === 'done';
    });
    const { start, firstText: wrote } = emulatorWrote;
    if (firstText === undefined || wrote === undefined || start === undefined) throw new Error('a turn streamed no text');
    if (turn < WARMUP) continue;
    tokenPath.push(firstText - wrote);
    toFirstToken.push(firstText - sent);
    beforeModel.push(start - sent);
  }
  console.log(`Live Chat, ${CHAT_TURNS} turns (after ${WARMUP} not counted), a word every ${TOKEN_MS} ms:`);
  console.log(`  token path (emulator writes first text_delta → client parses first \`text\`): ${summary(tokenPath)}`);
  console.log(`  execute POST → first token: ${summary(toFirstToken)}; of which before the model call (→ emulator writes message_start): ${summary(beforeModel)}`);
  const p50 = percentile(tokenPath, 50);
  figure({ metric: 'LLM overhead, Live Chat token path p50', target: '≤ 15 ms', measured: ms(p50), pass: p50 <= 15 });
  figure({ metric: 'LLM overhead, Live Chat token path p99', target: '(reference)', measured: ms(percentile(tokenPath, 99)), pass: true });
  figure({ metric: 'Live Chat execute POST → first token p50', target: '(reference)', measured: ms(percentile(toFirstToken, 50)), pass: true });
}

async function agents(app: BenchApp, cookie: string): Promise<void> {
  const headers = { cookie, 'content-type': 'application/json', origin: app.urlA };
  const pickup: number[] = [];
  const created: number[] = [];
  const tokenPath: number[] = [];
  for (let i = 0; i < WARMUP + AGENTS; i++) {
    delete emulatorWrote.start;
    delete emulatorWrote.firstText;
    const sent = performance.now();
    const response = await fetch(`${app.urlA}/api/agents`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ owner, repo, baseBranch: 'main', taskRequest: `Bench agent ${i}: describe the project.` }),
    });
    if (response.status !== 201) throw new Error(`POST /api/agents answered ${response.status}: ${await response.text()}`);
    const answered = performance.now();
    const { agent } = (await response.json()) as { agent: { id: string } };
    let running: number | undefined;
    let firstText: number | undefined;
    const stream = await fetch(`${app.urlA}/api/agents/${agent.id}/stream`, { headers: { cookie, accept: 'text/event-stream' } });
    await readEvents(stream, ({ event, at }) => {
      const { type, data } = JSON.parse(event.data) as { type: string; data: { status?: string; message?: string } };
      if (type === 'error') throw new Error(`agent failed: ${data.message}`);
      if (type === 'status' && data.status === 'running') running ??= at;
      if (type === 'text_delta') firstText ??= at;
      return type === 'status' && (data.status === 'completed' || data.status === 'failed' || data.status === 'cancelled');
    });
    const wrote = emulatorWrote.firstText;
    if (running === undefined || firstText === undefined || wrote === undefined) throw new Error('an agent did not run or streamed no text');
    if (i < WARMUP) continue;
    pickup.push(running - sent);
    created.push(answered - sent);
    tokenPath.push(firstText - wrote);
  }
  console.log(`Agents, ${AGENTS} created one after another (after ${WARMUP} not counted), each finished before the next:`);
  console.log(`  pickup (POST /api/agents sent → \`status: running\` parsed on its stream): ${summary(pickup)}; the POST's own answer: ${summary(created)}`);
  console.log(`  token path (emulator writes first text_delta → client parses first \`text_delta\` event): ${summary(tokenPath)}`);
  const pickup50 = percentile(pickup, 50);
  const token50 = percentile(tokenPath, 50);
  figure({ metric: 'agent pickup p50', target: '≤ 100 ms', measured: ms(pickup50), pass: pickup50 <= 100 });
  figure({ metric: 'agent pickup p99', target: '(reference)', measured: ms(percentile(pickup, 99)), pass: true });
  figure({ metric: 'LLM overhead, agent token path p50', target: '≤ 15 ms', measured: ms(token50), pass: token50 <= 15 });
}

async function main() {
  const emulator = await startAnthropicEmulator({
    port: BENCH_PORTS.anthropic,
    onStreamEvent: (event, { at }) => {
      if (event.event === 'message_start') emulatorWrote.start ??= at;
      const delta = (event.data as { delta?: { type?: string } }).delta;
      if (event.event === 'content_block_delta' && delta?.type === 'text_delta') emulatorWrote.firstText ??= at;
    },
  });
  const control = new AnthropicEmulatorControl(emulator.url);
  await control.useScenario({ name: 'bench-answer', description: 'One answer in words, no tools.', turns: [{ reply: [{ text: ANSWER }] }] }, { tokenDelayMs: TOKEN_MS });
  const app = await startBenchApp({
    single: true,
    anthropic: { url: emulator.url, apiKey: EMULATOR_API_KEY },
    env: { LIVE_CHAT_TURNS_PER_WINDOW: '10000' },
  }).catch(async (error: unknown) => {
    await emulator.close();
    throw error;
  });
  try {
    const cookie = await app.sessionCookie('alice');
    const chosen = process.argv.slice(2);
    const runs = (name: string) => chosen.length === 0 || chosen.includes(name);
    if (runs('chat')) await chat(app, cookie);
    if (runs('agents')) await agents(app, cookie);
  } finally {
    await app.close();
    await emulator.close();
  }
}

await main();
