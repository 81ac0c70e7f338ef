import 'server-only';
import vm from 'node:vm';
import { searchFiles, type SearchOutcome } from './text-search';

/**
 * A search on the server, stopped after `ms`: a regular expression that backtracks without end (`(a+)+$`) must
 * not hold the process. V8 ends the script at the deadline, even inside the regular expression.
 */

/** How long one search over a branch may run on the server. */
export const SEARCH_DEADLINE_MS = 2_000;

export class SearchTimeoutError extends Error {
  constructor(ms: number) {
    super(`The search took longer than ${ms / 1000} s and was stopped; use a simpler regular expression or search a folder.`);
  }
}

export function searchFilesWithin(...args: [...Parameters<typeof searchFiles>, ms?: number]): SearchOutcome {
  const [files, matcher, limit, ms = SEARCH_DEADLINE_MS] = args;
  const context = vm.createContext({ run: () => searchFiles(files, matcher, limit) });
  try {
    return vm.runInContext('run()', context, { timeout: ms }) as SearchOutcome;
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') throw new SearchTimeoutError(ms);
    throw error;
  }
}
