/**
 * Preloaded into the benchmarked app processes (NODE_OPTIONS=--import): on SIGUSR2 it runs a full
 * garbage collection and writes the process's memory figures to `$TMPDIR/webedt-heap-<pid>.json`,
 * so a benchmark can read live heap per SSE stream, not garbage. Measurement only; never in the app.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';

v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc');

process.on('SIGUSR2', () => {
  collectGarbage();
  collectGarbage();
  const { heapUsed, rss, external, arrayBuffers } = process.memoryUsage();
  const file = path.join(os.tmpdir(), `webedt-heap-${process.pid}.json`);
  fs.writeFileSync(`${file}.tmp`, JSON.stringify({ heapUsed, rss, external, arrayBuffers, at: Date.now() }));
  fs.renameSync(`${file}.tmp`, file);
});
