/**
 * A branch travels in URLs as ONE percent-encoded path segment (`feature%2Flogin`), never with `/`
 * replaced, so every valid branch name round-trips exactly.
 */
export const workspacePages = ['code', 'images', 'sounds', 'scenes', 'chat'] as const;
export type WorkspacePage = (typeof workspacePages)[number] | 'preview';

export function encodeBranch(branch: string): string {
  return encodeURIComponent(branch);
}

export function workspacePath(owner: string, repo: string, branch: string, page: WorkspacePage = 'code'): string {
  const base = `/github/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}/${encodeBranch(branch)}`;
  return page === 'preview' ? base : `${base}/${page}`;
}
