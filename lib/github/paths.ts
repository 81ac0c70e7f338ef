import { z } from 'zod';

/**
 * Paths of files inside a repository, as every editor and the assistant send them. A path is
 * normalized (`./a//b/` → `a/b`) and refused when it could escape the tree or touch git itself:
 * `..`, absolute paths, NUL and other control characters, `.git` as any component.
 */
export const MAX_PATH_BYTES = 4096;
export const MAX_COMPONENT_BYTES = 255;

const byteLength = (text: string) => new TextEncoder().encode(text).length;

/** Each rule a repository path must keep, with the message people are shown when it is broken. */
export const repoPathRules = {
  nul: 'A path cannot contain a NUL character.',
  control: 'A path cannot contain control characters.',
  absolute: 'A path must be relative to the repository root.',
  empty: 'A path cannot be empty.',
  parent: 'A path cannot contain "..".',
  git: 'A path cannot be inside ".git".',
  name_length: `A file or folder name cannot be longer than ${MAX_COMPONENT_BYTES} bytes.`,
  length: `A path cannot be longer than ${MAX_PATH_BYTES} bytes.`,
} as const;

export type RepoPathRule = keyof typeof repoPathRules;

/** The first rule `input` breaks, or null when it can name a file in a repository (after normalization). */
export function brokenRepoPathRule(input: string): RepoPathRule | null {
  if (input.includes('\0')) return 'nul';
  if (/[\u0001-\u001f\u007f]/.test(input)) return 'control';
  if (input.startsWith('/') || input.startsWith('\\') || /^[A-Za-z]:[\\/]/.test(input)) return 'absolute';
  const components = input.split('/').filter((part) => part !== '' && part !== '.');
  if (components.length === 0) return 'empty';
  if (components.includes('..')) return 'parent';
  if (components.some((part) => part.toLowerCase() === '.git')) return 'git';
  if (components.some((part) => byteLength(part) > MAX_COMPONENT_BYTES)) return 'name_length';
  if (byteLength(components.join('/')) > MAX_PATH_BYTES) return 'length';
  return null;
}

/** Why `input` cannot name a file in a repository, or null when it can (after normalization). */
export function repoPathProblem(input: string): string | null {
  const rule = brokenRepoPathRule(input);
  return rule && repoPathRules[rule];
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
