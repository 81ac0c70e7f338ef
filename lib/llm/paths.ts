/**
 * Repository paths as the model gives them, confined to the repository: `./src//a.ts` → `src/a.ts`;
 * absolute paths, `..`, NUL and control characters, backslashes and anything under `.git/` are refused.
 */

export class PathError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PathError';
  }
}

const MAX_PATH_LENGTH = 4096;

/** The normalized path; `''` (the repository root) only when `allowRoot`. Throws `PathError`. */
export function normalizeRepoPath(input: string, options: { allowRoot?: boolean } = {}): string {
  const shown = JSON.stringify(input.length > 200 ? `${input.slice(0, 200)}…` : input);
  if (input.length > MAX_PATH_LENGTH) throw new PathError(`Path ${shown} is longer than ${MAX_PATH_LENGTH} characters.`);
  if (/[\u0000-\u001f\u007f]/.test(input)) throw new PathError(`Path ${shown} contains NUL or control characters.`);
  if (input.includes('\\')) throw new PathError(`Path ${shown} contains a backslash; separate folders with "/".`);
  if (input.startsWith('/') || /^[a-zA-Z]:/.test(input) || input === '~' || input.startsWith('~/')) {
    throw new PathError(`Path ${shown} is absolute; use a path relative to the repository root, like "src/main.ts".`);
  }
  const segments = input.split('/').filter((segment) => segment !== '' && segment !== '.');
  if (segments.includes('..')) throw new PathError(`Path ${shown} leaves the repository ("..").`);
  if (segments.some((segment) => segment.toLowerCase() === '.git')) {
    throw new PathError(`Path ${shown} is inside .git, which is not part of the branch's files.`);
  }
  const path = segments.join('/');
  if (!path && !options.allowRoot) throw new PathError('The path is empty; give a file path relative to the repository root.');
  return path;
}
