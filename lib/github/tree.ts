import type { GitHubClient } from './octokit';

export type TreeEntryType = 'blob' | 'tree' | 'commit';

export interface TreeEntry {
  path: string;
  type: TreeEntryType;
  /** git file mode: 100644 file, 100755 executable, 120000 symlink, 040000 folder, 160000 submodule. */
  mode: string;
  sha: string;
  /** Bytes, for blobs. */
  size?: number;
}

export interface RepoTree {
  /** The commit the tree was read at. */
  commitSha: string;
  /** The root tree's sha (what `base_tree` takes). */
  treeSha: string;
  entries: TreeEntry[];
  /** GitHub cuts recursive listings of very large trees short; the listing is then incomplete. */
  truncated: boolean;
}

/**
 * Every file and folder of a commit from ONE recursive tree call. The URL only depends on the
 * commit sha, so the Octokit ETag cache makes reopening the same head a conditional request (304).
 */
export async function readTree(github: GitHubClient, owner: string, repo: string, commitSha: string): Promise<RepoTree> {
  const { data } = await github.rest.git.getTree({ owner, repo, tree_sha: commitSha, recursive: '1' });
  return {
    commitSha,
    treeSha: data.sha,
    truncated: data.truncated,
    entries: data.tree.map((entry) => ({
      path: entry.path,
      type: entry.type as TreeEntryType,
      mode: entry.mode,
      sha: entry.sha,
      ...(entry.type === 'blob' ? { size: entry.size ?? 0 } : {}),
    })),
  };
}

/** A blob's bytes. Blobs are addressed by content, so the response is cached for good by its ETag. */
export async function readBlob(github: GitHubClient, owner: string, repo: string, sha: string): Promise<Uint8Array> {
  const { data } = await github.rest.git.getBlob({ owner, repo, file_sha: sha });
  return new Uint8Array(Buffer.from(data.content, data.encoding === 'base64' ? 'base64' : 'utf8'));
}
