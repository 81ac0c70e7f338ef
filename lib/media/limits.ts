import { formatBytes } from './assets';

/**
 * Size limits of the image and sound editors. A commit travels as one server-action request,
 * which Next.js caps at 10 MB (next.config.mjs), so the files of one commit stay below that.
 */
export const MAX_ASSET_BYTES = 5 * 1024 * 1024;
export const MAX_ASSET_COMMIT_BYTES = 8 * 1024 * 1024;
export const MAX_ASSET_FILES = 50;

/** Why these files cannot go in one commit, or null; checked in the browser before sending and again on the server. */
export function assetCommitProblem(files: ReadonlyArray<{ path: string; content: Uint8Array }>): string | null {
  if (files.length > MAX_ASSET_FILES) return `One commit can add at most ${MAX_ASSET_FILES} files.`;
  let total = 0;
  for (const file of files) {
    if (file.content.length > MAX_ASSET_BYTES) return `${file.path} is ${formatBytes(file.content.length)}; a file can be at most ${formatBytes(MAX_ASSET_BYTES)}.`;
    total += file.content.length;
  }
  return total > MAX_ASSET_COMMIT_BYTES ? `These files are ${formatBytes(total)} together; one commit can carry at most ${formatBytes(MAX_ASSET_COMMIT_BYTES)}.` : null;
}
