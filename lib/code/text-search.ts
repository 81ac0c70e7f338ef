/**
 * Text and regex search over a branch's files, shared by the agents' `search` tool, the code editor's
 * "Search in files" (on the server, over the branch snapshot) and the browser (over staged changes),
 * so every place finds the same lines.
 */

export const MAX_PATTERN_LENGTH = 500;
/** Longest line preview; a minified file's one line must not fill a result list. */
export const MAX_PREVIEW_CHARS = 2_000;

export interface SearchQuery {
  pattern: string;
  /** A JavaScript regular expression rather than plain text. */
  regex?: boolean;
  caseSensitive?: boolean;
}

export interface LineMatch {
  path: string;
  /** 1-based. */
  line: number;
  /** 0-based offset of the first match in the line, and its length. */
  column: number;
  length: number;
  /** The whole line (cut at MAX_PREVIEW_CHARS). */
  preview: string;
}

/** The pattern as a RegExp, or why it is not one (a malformed regular expression). */
export function compileQuery(query: SearchQuery): { matcher: RegExp } | { problem: string } {
  const source = query.regex ? query.pattern : query.pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  try {
    return { matcher: new RegExp(source, query.caseSensitive ? '' : 'i') };
  } catch (error) {
    return { problem: `Invalid regular expression: ${(error as Error).message}` };
  }
}

export const clipLine = (line: string) => (line.length > MAX_PREVIEW_CHARS ? `${line.slice(0, MAX_PREVIEW_CHARS)}… (line cut at ${MAX_PREVIEW_CHARS} characters)` : line);

/** Every line of `text` that matches, in order. */
export function matchLines(path: string, text: string, matcher: RegExp): LineMatch[] {
  const matches: LineMatch[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').replace(/\r$/, '');
    const found = matcher.exec(line);
    if (!found) continue;
    matches.push({ path, line: i + 1, column: found.index, length: found[0].length, preview: clipLine(line) });
  }
  return matches;
}

export interface SearchOutcome {
  matches: LineMatch[];
  /** More lines matched than `limit`. */
  truncated: boolean;
}

/** Searches files (null text: binary, skipped) until `limit` matching lines are found. */
export function searchFiles(files: Iterable<{ path: string; text: string | null }>, matcher: RegExp, limit: number): SearchOutcome {
  const matches: LineMatch[] = [];
  for (const { path, text } of files) {
    if (text === null) continue;
    for (const match of matchLines(path, text, matcher)) {
      if (matches.length === limit) return { matches, truncated: true };
      matches.push(match);
    }
  }
  return { matches, truncated: false };
}
