/**
 * Preloaded into the benchmarked app processes (NODE_OPTIONS=--import): on SIGUSR2 it writes the
 * process's pauses since the last reading (garbage collections, event-loop delay), then runs a full
 * garbage collection and writes its memory figures to `$TMPDIR/webedt-heap-<pid>.json`, so a benchmark
 * can read live heap per SSE stream, not garbage, and see what held the loop while it measured tails.
 * Measurement only; never in the app.
 */
import fs from 'node:fs';
import inspector from 'node:inspector';
import os from 'node:os';
import path from 'node:path';
import { constants, monitorEventLoopDelay, performance, PerformanceObserver } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';

v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc');

const loopDelay = monitorEventLoopDelay({ resolution: 5 });
loopDelay.enable();
const noPauses = () => ({ count: 0, totalMs: 0, maxMs: 0, minor: 0, major: 0, majorMaxMs: 0 });
let gc = noPauses();
/** The probe's own full collections (performance.now() span), not counted as pauses. */
const forced = { from: -1, to: -1 };
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (entry.startTime >= forced.from && entry.startTime <= forced.to) continue;
    gc.count++;
    gc.totalMs += entry.duration;
    gc.maxMs = Math.max(gc.maxMs, entry.duration);
    if (entry.detail?.kind === constants.NODE_PERFORMANCE_GC_MINOR) gc.minor++;
    if (entry.detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) {
      gc.major++;
      gc.majorMaxMs = Math.max(gc.majorMaxMs, entry.duration);
    }
  }
}).observe({ entryTypes: ['gc'] });

/**
 * With BENCH_CPU_PROFILE_DIR set, each reading also ends a CPU profile (written there as
 * `<pid>-<n>.cpuprofile`) and starts the next: the profile between two readings is that window's.
 */
const profileDir = process.env.BENCH_CPU_PROFILE_DIR;
const profiler = profileDir ? new inspector.Session() : null;
let profiles = 0;
if (profiler) {
  profiler.connect();
  profiler.post('Profiler.enable');
  profiler.post('Profiler.start');
}
function nextProfile() {
  profiler.post('Profiler.stop', (error, result) => {
    if (!error) fs.writeFileSync(path.join(profileDir, `${process.pid}-${++profiles}.cpuprofile`), JSON.stringify(result.profile));
    profiler.post('Profiler.start');
  });
}

process.on('SIGUSR2', () => {
  if (profiler) nextProfile();
  const pauses = {
    gc,
    loopDelayMs: { p50: loopDelay.percentile(50) / 1e6, p99: loopDelay.percentile(99) / 1e6, max: loopDelay.max / 1e6 },
  };
  gc = noPauses();
  forced.from = performance.now();
  collectGarbage();
  collectGarbage();
  forced.to = performance.now();
  loopDelay.reset();
  const { heapUsed, rss, external, arrayBuffers } = process.memoryUsage();
  const file = path.join(os.tmpdir(), `webedt-heap-${process.pid}.json`);
  fs.writeFileSync(`${file}.tmp`, JSON.stringify({ heapUsed, rss, external, arrayBuffers, pauses, at: Date.now() }));
  fs.renameSync(`${file}.tmp`, file);
});
