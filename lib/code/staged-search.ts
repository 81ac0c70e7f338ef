import { matchLines, type LineMatch, type SearchOutcome } from './text-search';
import type { StagedState } from './staging';

/**
 * The server searched the branch as committed; the user sees it with their staged changes. Results
 * of changed files are replaced by matches in the staged text, deleted files drop out, and a file
 * renamed without edits keeps its committed matches under its new name.
 */
export function overlayStaged(committed: SearchOutcome, state: StagedState, matcher: RegExp): SearchOutcome {
  const stale = new Set<string>();
  const movedTo = new Map<string, string>();
  const staged: LineMatch[] = [];
  for (const [path, change] of Object.entries(state.changes)) {
    stale.add(path);
    if (change.kind === 'rename') {
      stale.add(change.from);
      if (change.content === undefined) movedTo.set(change.from, path);
    }
    if (change.kind !== 'delete' && change.content !== undefined) staged.push(...matchLines(path, change.content, matcher));
  }
  const kept = committed.matches.flatMap((match) => {
    const renamed = movedTo.get(match.path);
    if (renamed) return [{ ...match, path: renamed }];
    return stale.has(match.path) ? [] : [match];
  });
  const matches = [...kept, ...staged].sort((a, b) => (a.path === b.path ? a.line - b.line : a.path < b.path ? -1 : 1));
  return { matches, truncated: committed.truncated };
}

export interface FileMatches {
  path: string;
  matches: LineMatch[];
}

/** Matches grouped by file, in the order they come. */
export function groupByFile(matches: readonly LineMatch[]): FileMatches[] {
  const groups: FileMatches[] = [];
  for (const match of matches) {
    const last = groups.at(-1);
    if (last?.path === match.path) last.matches.push(match);
    else groups.push({ path: match.path, matches: [match] });
  }
  return groups;
}
