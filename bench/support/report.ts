/**
 * How benchmark scripts hand their figures to `bench/run.ts`: each figure is printed as one line
 * `BENCH {"metric":…,"target":…,"measured":…,"pass":…}` next to the script's own readable output.
 */
export interface BenchFigure {
  metric: string;
  target: string;
  measured: string;
  pass: boolean;
}

export const FIGURE_PREFIX = 'BENCH ';

export function figure(row: BenchFigure): void {
  console.log(`${FIGURE_PREFIX}${JSON.stringify(row)}`);
}

/** The value below which `p` percent of the (unsorted) samples fall. */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export const ms = (value: number) => `${value.toFixed(1)} ms`;
