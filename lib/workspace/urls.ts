/**
 * A branch travels in URLs as ONE percent-encoded path segment (`feature%2Flogin`), never with `/`
 * replaced, so every valid branch name round-trips exactly.
 */
export const workspacePages = ['code', 'images', 'sounds', 'scenes', 'chat', 'preview'] as const;
export type WorkspacePage = (typeof workspacePages)[number];

export const workspaceTabs: ReadonlyArray<{ page: WorkspacePage; label: string }> = [
  { page: 'code', label: 'Code' },
  { page: 'images', label: 'Images' },
  { page: 'sounds', label: 'Sounds' },
  { page: 'scenes', label: 'Scenes' },
  { page: 'chat', label: 'Live Chat' },
  { page: 'preview', label: 'Preview' },
];

/** The page a workspace layout's child segment names (no segment: the branch root, Preview); null for anything else. */
export function pageOfSegment(segment: string | null): WorkspacePage | null {
  const page = segment ?? 'preview';
  return workspaceTabs.find((tab) => tab.page === page)?.page ?? null;
}

export function encodeBranch(branch: string): string {
  return encodeURIComponent(branch);
}

export function workspacePath(owner: string, repo: string, branch: string, page: WorkspacePage = 'code'): string {
  const base = `/github/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}/${encodeBranch(branch)}`;
  return page === 'preview' ? base : `${base}/${page}`;
}

/**
 * Next.js hands dynamic segments over still percent-encoded (`feature%2Flogin`); the branch is
 * exactly one decoding away. Malformed encodings cannot name a branch.
 */
export function decodeSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}
