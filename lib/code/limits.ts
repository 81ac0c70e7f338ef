import type { ChangeInput } from './staging';

/**
 * Size limits of the code editor. A commit travels as one server-action request, which Next.js
 * (and the middleware in front of it) cap at 10 MB, so staged text stays well below that.
 */
export const MAX_FILE_TEXT_BYTES = 5 * 1024 * 1024;
export const MAX_COMMIT_BYTES = 6 * 1024 * 1024;
/** Larger files are not loaded into the editor. */
export const MAX_EDITABLE_BYTES = 5 * 1024 * 1024;

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** Why these changes cannot go in one commit, or null; checked in the browser before sending and again on the server. */
export function commitSizeProblem(changes: ChangeInput[]): string | null {
  const encoder = new TextEncoder();
  let total = 0;
  for (const change of changes) {
    if (change.kind === 'delete' || change.content === undefined) continue;
    const bytes = encoder.encode(change.content).length;
    if (bytes > MAX_FILE_TEXT_BYTES) return `${change.path} is ${megabytes(bytes)}; a file can be at most ${megabytes(MAX_FILE_TEXT_BYTES)}.`;
    total += bytes;
  }
  return total > MAX_COMMIT_BYTES ? `The staged changes are ${megabytes(total)}; one commit can carry at most ${megabytes(MAX_COMMIT_BYTES)}.` : null;
}
