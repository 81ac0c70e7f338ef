import type { GitHubClient } from './octokit';

export interface ComparedFile {
  path: string;
  previousPath?: string;
  status: 'added' | 'removed' | 'modified' | 'renamed' | 'copied' | 'changed' | 'unchanged';
  additions: number;
  deletions: number;
  /** Unified diff hunks; GitHub leaves it out for binaries and very large diffs. */
  patch?: string;
}

export interface Comparison {
  base: string;
  status: 'diverged' | 'ahead' | 'behind' | 'identical';
  aheadBy: number;
  behindBy: number;
  files: ComparedFile[];
}

/** What `head` changed since it left `base` (GitHub's three-dot compare), in one call. */
export async function compareWithBase(
  github: GitHubClient,
  { owner, repo, base, head }: { owner: string; repo: string; base: string; head: string },
): Promise<Comparison> {
  const { data } = await github.rest.repos.compareCommitsWithBasehead({ owner, repo, basehead: `${base}...${head}`, per_page: 1 });
  return {
    base,
    status: data.status,
    aheadBy: data.ahead_by,
    behindBy: data.behind_by,
    files: (data.files ?? []).map((file) => ({
      path: file.filename,
      ...(file.previous_filename ? { previousPath: file.previous_filename } : {}),
      status: file.status,
      additions: file.additions,
      deletions: file.deletions,
      ...(file.patch !== undefined ? { patch: file.patch } : {}),
    })),
  };
}
