/**
 * `npm run bench`: builds the app (skip with --no-build), runs every benchmark script in bench/ one after
 * another, shows their output, and ends with ONE table of all figures (metric, target, measured, pass/miss).
 * Exits 0 either way: misses are findings, recorded in bench/RESULTS.md, not failures.
 */
import { spawn } from 'node:child_process';
import os from 'node:os';
import { createInterface } from 'node:readline';
import { type BenchFigure, FIGURE_PREFIX } from './support/report';

/** Each script with the node flags it needs (the sandbox bench imports server-only modules directly). */
const SCRIPTS: Array<[string, ...string[]]> = [['bench/code-tree.ts'], ['bench/code-page.ts'], ['bench/realtime.ts'], ['bench/participants.ts'], ['bench/llm.ts'], ['bench/sandbox.ts', '--conditions=react-server']];

function run(command: string, args: string[], onLine: (line: string) => void): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    createInterface({ input: child.stdout }).on('line', onLine);
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

function table(figures: BenchFigure[]): string {
  const rows = [['metric', 'target', 'measured', 'result'], ...figures.map((f) => [f.metric, f.target, f.measured, f.pass ? 'pass' : 'MISS'])];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const line = (row: string[]) => `| ${row.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |`;
  return [line(rows[0]!), `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`, ...rows.slice(1).map(line)].join('\n');
}

const cpus = os.cpus();
console.log(`machine: ${cpus[0]?.model ?? 'unknown CPU'} × ${cpus.length}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GB RAM, node ${process.version}, ${os.type()} ${os.release()}, load average ${os.loadavg().map((load) => load.toFixed(1)).join(' ')}`);

const figures: BenchFigure[] = [];
const failed: string[] = [];
if (!process.argv.includes('--no-build')) {
  if ((await run('npx', ['next', 'build'], () => {})) !== 0) throw new Error('next build failed');
}
for (const [script, ...flags] of SCRIPTS) {
  console.log(`\n== ${script}`);
  const code = await run(process.execPath, [...flags, '--import', 'tsx', script], (line) => {
    if (line.startsWith(FIGURE_PREFIX)) figures.push(JSON.parse(line.slice(FIGURE_PREFIX.length)) as BenchFigure);
    else console.log(line);
  });
  if (code !== 0) failed.push(script);
}
console.log(`\n${table(figures)}`);
if (failed.length) console.log(`\nFailed to run: ${failed.join(', ')}`);
