import { LRUCache } from 'lru-cache';
import type { GitHubClient } from './octokit';
import { branchHead } from './repos';

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

export interface AheadBehind {
  base: string;
  aheadBy: number;
  behindBy: number;
}

/** How two commits compare never changes, so counts are kept per pair of shas (bounded). */
const countsBySha = new LRUCache<string, Pick<Comparison, 'aheadBy' | 'behindBy'>>({ max: 5_000 });

/**
 * How many commits `head` is ahead of and behind the base branch. Both heads are read first
 * (conditional requests, free of rate limit when unchanged); the compare itself runs once per pair.
 */
export async function aheadBehind(github: GitHubClient, { owner, repo, base, head }: { owner: string; repo: string; base: string; head: string }): Promise<AheadBehind | null> {
  const [baseSha, headSha] = await Promise.all([branchHead(github, owner, repo, base), branchHead(github, owner, repo, head)]);
  if (!baseSha || !headSha) return null;
  const key = `${owner}/${repo}:${baseSha}...${headSha}`;
  let counts = countsBySha.get(key);
  if (!counts) {
    const { aheadBy, behindBy } = await compareWithBase(github, { owner, repo, base: baseSha, head: headSha });
    counts = { aheadBy, behindBy };
    countsBySha.set(key, counts);
  }
  return { base, ...counts };
}
