import { z } from 'zod';

/**
 * Paths of files inside a repository, as every editor and the assistant send them. A path is
 * normalized (`./a//b/` → `a/b`) and refused when it could escape the tree or touch git itself:
 * `..`, absolute paths, NUL and other control characters, `.git` as any component.
 */
const MAX_PATH_BYTES = 4096;
const MAX_COMPONENT_BYTES = 255;

const byteLength = (text: string) => new TextEncoder().encode(text).length;

/** Why `input` cannot name a file in a repository, or null when it can (after normalization). */
export function repoPathProblem(input: string): string | null {
  if (input.includes('\0')) return 'A path cannot contain a NUL character.';
  if (/[\u0001-\u001f\u007f]/.test(input)) return 'A path cannot contain control characters.';
  if (input.startsWith('/') || input.startsWith('\\') || /^[A-Za-z]:[\\/]/.test(input)) {
    return 'A path must be relative to the repository root.';
  }
  const components = input.split('/').filter((part) => part !== '' && part !== '.');
  if (components.length === 0) return 'A path cannot be empty.';
  if (components.includes('..')) return 'A path cannot contain "..".';
  if (components.some((part) => part.toLowerCase() === '.git')) return 'A path cannot be inside ".git".';
  if (components.some((part) => byteLength(part) > MAX_COMPONENT_BYTES)) {
    return `A file or folder name cannot be longer than ${MAX_COMPONENT_BYTES} bytes.`;
  }
  if (byteLength(components.join('/')) > MAX_PATH_BYTES) return `A path cannot be longer than ${MAX_PATH_BYTES} bytes.`;
  return null;
}

/** `input` in canonical form (`a/b/c`), or throws with the reason. Check with `repoPathProblem` first to avoid throwing. */
export function normalizeRepoPath(input: string): string {
  const problem = repoPathProblem(input);
  if (problem) throw new Error(problem);
  return input
    .split('/')
    .filter((part) => part !== '' && part !== '.')
    .join('/');
}

/** Zod schema for a repository path: validates and normalizes. */
export const repoPath = z.string().transform((input, context) => {
  const problem = repoPathProblem(input);
  if (problem) {
    context.addIssue({ code: 'custom', message: problem });
    return z.NEVER;
  }
  return normalizeRepoPath(input);
});

/** The folder containing `path` ('' at the root). */
export function parentFolder(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? '' : path.slice(0, slash);
}

/** The last component of `path`. */
export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Whether `path` is `folder` itself or lies below it. */
export function isWithin(path: string, folder: string): boolean {
  return folder === '' || path === folder || path.startsWith(`${folder}/`);
}
