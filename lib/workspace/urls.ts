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

/** A repository without a branch: its default branch's workspace, or the first-commit page of an empty repository. */
export function repositoryPath(owner: string, repo: string): string {
  return `/github/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}`;
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

/**
 * owner, repo and branch of a path `<prefix>/<owner>/<repo>/<branch>[/…]`, each decoded exactly once, as
 * the browser encoded them. Next.js hands layouts the segments still encoded but pages (and route params)
 * once decoded, and a branch may itself contain `%` (`100%25` vs `100%`), so params cannot be trusted to
 * mean one thing; the raw path can. null when the path does not have that shape or a segment is malformed.
 */
export function branchSegmentsOf(pathname: string, prefix: string): [owner: string, repo: string, branch: string] | null {
  if (!pathname.startsWith(`${prefix}/`)) return null;
  const match = /^([^/?#]+)\/([^/?#]+)\/([^/?#]+)(?:[/?#]|$)/.exec(pathname.slice(prefix.length + 1));
  if (!match) return null;
  const segments = [match[1]!, match[2]!, match[3]!].map(decodeSegment);
  return segments.every((segment) => segment !== null) ? (segments as [string, string, string]) : null;
}

/** The workspace a browser path shows (`/github/:owner/:repo/:branch[/page]`, still percent-encoded), or null. */
export function workspaceOfPath(pathname: string): { owner: string; repo: string; branch: string; page: WorkspacePage } | null {
  const segments = branchSegmentsOf(pathname, '/github');
  if (!segments) return null;
  const page = pageOfSegment(pathname.split('/')[5] || null);
  return page && { owner: segments[0], repo: segments[1], branch: segments[2], page };
}
