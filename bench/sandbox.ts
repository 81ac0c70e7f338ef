/**
 * Sandbox start overhead (prints numbers; asserts nothing): `true` run through a turn's sandbox
 * (lib/sandbox: bubblewrap via @anthropic-ai/sandbox-runtime, rlimits, scrubbed environment, an unprivileged
 * user when run as root) against a bare spawn of the same `bash -c true`. Every command of a turn reuses the
 * turn's wrapped sandbox, so the per-command figure is what a model's run_command costs; the first command of
 * a turn also writes the working copy and wraps the sandbox once.
 *
 *   npx tsx --conditions=react-server bench/sandbox.ts
 */
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { BranchWorkspace } from '@/lib/llm/workspace';
import { SandboxSession, sandboxStatus } from '@/lib/sandbox';
import { figure, ms, percentile } from './support/report';

const RUNS = Number(process.env.SANDBOX_BENCH_RUNS ?? 100);
const TURNS = Number(process.env.SANDBOX_BENCH_TURNS ?? 20);
const WARMUP = 5;

function bareTrue(): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn('/bin/bash', ['-c', 'true'], { stdio: 'ignore' });
    child.on('error', reject);
    child.on('exit', () => resolve(performance.now() - started));
  });
}

/** A small repository's worth of files, as a turn's snapshot. */
function workspace(): BranchWorkspace {
  const files = new Map<string, Uint8Array>();
  for (let i = 0; i < 50; i++) files.set(`src/file${i}.js`, new TextEncoder().encode(`export const n = ${i};\n`));
  return new BranchWorkspace({ owner: 'bench', repo: 'sandbox', branch: 'main', sha: 'b'.repeat(40) }, files);
}

const status = await sandboxStatus();
if (!status.available) {
  console.log(`The sandbox is unavailable here: ${status.reason}.`);
  process.exit(0);
}

const bare: number[] = [];
for (let i = 0; i < RUNS + WARMUP; i++) {
  const elapsed = await bareTrue();
  if (i >= WARMUP) bare.push(elapsed);
}

const session = new SandboxSession(workspace());
const sandboxed: number[] = [];
for (let i = 0; i < RUNS + WARMUP; i++) {
  const started = performance.now();
  const result = await session.run('true');
  if (result.exitCode !== 0) throw new Error(`true failed in the sandbox: ${result.output}`);
  if (i >= WARMUP) sandboxed.push(performance.now() - started);
}
await session.close();

const firstCommand: number[] = [];
for (let i = 0; i < TURNS; i++) {
  const turn = new SandboxSession(workspace());
  const started = performance.now();
  await turn.run('true');
  firstCommand.push(performance.now() - started);
  await turn.close();
}

const bareP50 = percentile(bare, 50);
const sandboxP50 = percentile(sandboxed, 50);
const added = sandboxP50 - bareP50;
console.log(`bare bash -c true: p50 ${ms(bareP50)}, p99 ${ms(percentile(bare, 99))} (${RUNS} runs)`);
console.log(`sandboxed true: p50 ${ms(sandboxP50)}, p99 ${ms(percentile(sandboxed, 99))} (${RUNS} runs, one turn)`);
console.log(`first command of a turn (working copy of 50 files + wrap): p50 ${ms(percentile(firstCommand, 50))}, p99 ${ms(percentile(firstCommand, 99))} (${TURNS} turns)`);
figure({ metric: 'sandbox start overhead p50 (vs bare spawn)', target: '≤ 50 ms', measured: ms(added), pass: added <= 50 });
figure({ metric: 'sandbox start overhead p99 (vs bare spawn)', target: '(reference)', measured: ms(percentile(sandboxed, 99) - percentile(bare, 99)), pass: true });
figure({ metric: 'first command of a turn p50', target: '(reference)', measured: ms(percentile(firstCommand, 50)), pass: true });
