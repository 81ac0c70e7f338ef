import { brokenRepoPathRule, MAX_COMPONENT_BYTES, MAX_PATH_BYTES, normalizeRepoPath as canonicalRepoPath, type RepoPathRule } from '@/lib/github/paths';
import { ToolError } from './tool-error';

/**
 * Repository paths as the model gives them: `./src//a.ts` → `src/a.ts`. The rules are the editors'
 * (`lib/github/paths.ts`); the messages name the path the model gave and say how to write it instead.
 * Two mistakes models make are refused here besides: a backslash anywhere (a Windows path rather than
 * a file name) and a path that starts at a drive (`C:`) or the home folder (`~`).
 */

const messages: Record<RepoPathRule, (shown: string) => string> = {
  nul: (shown) => `Path ${shown} contains NUL or control characters.`,
  control: (shown) => `Path ${shown} contains NUL or control characters.`,
  absolute: (shown) => `Path ${shown} is absolute; use a path relative to the repository root, like "src/main.ts".`,
  empty: () => 'The path is empty; give a file path relative to the repository root.',
  parent: (shown) => `Path ${shown} leaves the repository ("..").`,
  git: (shown) => `Path ${shown} is inside .git, which is not part of the branch's files.`,
  name_length: (shown) => `Path ${shown} has a file or folder name longer than ${MAX_COMPONENT_BYTES} bytes.`,
  length: (shown) => `Path ${shown} is longer than ${MAX_PATH_BYTES} bytes.`,
};

/** The normalized path; `''` (the repository root) only when `allowRoot`. Throws `ToolError`. */
export function normalizeRepoPath(input: string, options: { allowRoot?: boolean } = {}): string {
  const shown = JSON.stringify(input.length > 200 ? `${input.slice(0, 200)}…` : input);
  if (input.includes('\\')) throw new ToolError(`Path ${shown} contains a backslash; separate folders with "/".`);
  const rule = /^[a-zA-Z]:/.test(input) || input === '~' || input.startsWith('~/') ? 'absolute' : brokenRepoPathRule(input);
  if (rule === 'empty' && options.allowRoot) return '';
  if (rule) throw new ToolError(messages[rule](shown));
  return canonicalRepoPath(input);
}
