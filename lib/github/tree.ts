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
  /** Every file and folder, complete even when GitHub cut the recursive listing short. */
  entries: TreeEntry[];
  /** GitHub truncated the recursive listing (over 100,000 entries), so the entries were read folder by folder. */
  readByFolder: boolean;
}

type GitTreeItem = Awaited<ReturnType<GitHubClient['rest']['git']['getTree']>>['data']['tree'][number];

const toEntry = (prefix: string) => (item: GitTreeItem): TreeEntry => ({
  path: prefix + item.path,
  type: item.type as TreeEntryType,
  mode: item.mode,
  sha: item.sha,
  ...(item.type === 'blob' ? { size: item.size ?? 0 } : {}),
});

/**
 * The entries below a tree whose recursive listing GitHub truncated: its own entries (one plain call),
 * then each folder recursively, splitting again wherever a listing is still too long. Listed in the
 * recursive listing's order: a folder, then what it holds.
 */
async function readByFolder(github: GitHubClient, owner: string, repo: string, treeSha: string, prefix: string): Promise<TreeEntry[]> {
  const { data } = await github.rest.git.getTree({ owner, repo, tree_sha: treeSha });
  const below = await Promise.all(
    data.tree.map(async (item): Promise<TreeEntry[]> => {
      if (item.type !== 'tree') return [];
      const folder = `${prefix}${item.path}/`;
      const { data: sub } = await github.rest.git.getTree({ owner, repo, tree_sha: item.sha, recursive: '1' });
      return sub.truncated ? readByFolder(github, owner, repo, item.sha, folder) : sub.tree.map(toEntry(folder));
    }),
  );
  return data.tree.flatMap((item, index) => [toEntry(prefix)(item), ...(below[index] ?? [])]);
}

/**
 * Every file and folder of a commit from ONE recursive tree call. The URL only depends on the
 * commit sha, so the Octokit ETag cache makes reopening the same head a conditional request (304).
 * A tree too large for one listing is completed folder by folder.
 */
export async function readTree(github: GitHubClient, owner: string, repo: string, commitSha: string): Promise<RepoTree> {
  const { data } = await github.rest.git.getTree({ owner, repo, tree_sha: commitSha, recursive: '1' });
  return {
    commitSha,
    treeSha: data.sha,
    readByFolder: data.truncated,
    entries: data.truncated ? await readByFolder(github, owner, repo, data.sha, '') : data.tree.map(toEntry('')),
  };
}

/** A blob's bytes. Blobs are addressed by content, so the response is cached for good by its ETag. */
export async function readBlob(github: GitHubClient, owner: string, repo: string, sha: string): Promise<Uint8Array> {
  const { data } = await github.rest.git.getBlob({ owner, repo, file_sha: sha });
  return new Uint8Array(Buffer.from(data.content, data.encoding === 'base64' ? 'base64' : 'utf8'));
}
