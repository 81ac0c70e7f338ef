/**
 * How a command ended, without its output: what is stored with a turn's steps and shown beside them. No
 * server imports, so pages and client components use it too.
 */

export type LimitName = 'time' | 'cpu' | 'memory' | 'processes' | 'output' | 'disk';

export interface FileChanges {
  created: string[];
  modified: string[];
  deleted: string[];
}

export interface CommandSummary {
  command: string;
  /** Folder the command ran in, relative to the repository root ('' for the root). */
  cwd: string;
  /** null when the command was stopped (a limit, or the user). */
  exitCode: number | null;
  durationMs: number;
  limit: LimitName | null;
  /** The limit in words, e.g. "stopped: time limit (120 s) reached". */
  limitMessage: string | null;
  /** Stopped by the user (Stop / Cancel): the turn commits nothing. */
  cancelled: boolean;
  outputBytes: number;
  changes: FileChanges;
  /** A run of the tests (the repository's test command, or one that looks like it). */
  isTest: boolean;
}

const TEST_COMMAND = /(^|[\s/;&|])(test|tests|pytest|jest|vitest|mocha|rspec|phpunit|ctest)(\s|$|:)|--test\b|\bnpm (run )?test\b|\bcargo test\b|\bgo test\b/;

/** Whether a command runs tests: the repository's own test command, or a usual test runner. */
export function isTestCommand(command: string, repositoryTestCommand?: string): boolean {
  const trimmed = command.trim();
  return (repositoryTestCommand !== undefined && trimmed === repositoryTestCommand.trim()) || TEST_COMMAND.test(trimmed);
}

export function formatDuration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : ms < 60_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** "passed", "failed (exit 1)", "stopped: time limit (120 s) reached", "stopped by you". */
export function commandOutcome(summary: Pick<CommandSummary, 'exitCode' | 'limitMessage' | 'cancelled'>): string {
  if (summary.cancelled) return 'stopped by you';
  if (summary.limitMessage) return summary.limitMessage;
  return summary.exitCode === 0 ? 'passed' : `failed (exit ${summary.exitCode})`;
}
