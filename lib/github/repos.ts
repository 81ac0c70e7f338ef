import { AppError } from '@/lib/errors';
import type { GitHubClient } from './octokit';

export interface RepoSummary {
  owner: string;
  name: string;
  fullName: string;
  private: boolean;
  description: string | null;
  defaultBranch: string;
  pushedAt: string | null;
  permission: 'admin' | 'write' | 'read';
}

export interface BranchSummary {
  name: string;
  sha: string;
  protected: boolean;
}

const MAX_BRANCHES = 1_000;

interface GitHubRepo {
  owner: { login: string };
  name: string;
  full_name: string;
  private: boolean;
  description: string | null;
  default_branch: string;
  pushed_at?: string | null;
  permissions?: { admin?: boolean; push?: boolean };
}

function toRepoSummary(repo: GitHubRepo): RepoSummary {
  return {
    owner: repo.owner.login,
    name: repo.name,
    fullName: repo.full_name,
    private: repo.private,
    description: repo.description,
    defaultBranch: repo.default_branch,
    pushedAt: repo.pushed_at ?? null,
    permission: repo.permissions?.admin ? 'admin' : repo.permissions?.push ? 'write' : 'read',
  };
}

/** Repositories the user can reach, most recently pushed first. */
export async function listUserRepos(github: GitHubClient): Promise<RepoSummary[]> {
  const repos = await github.paginate(github.rest.repos.listForAuthenticatedUser, { per_page: 100, sort: 'pushed' });
  return repos.map(toRepoSummary).sort((a, b) => (b.pushedAt ?? '').localeCompare(a.pushedAt ?? ''));
}

/**
 * One repository the user can read, also when it is not among theirs (a public repository they have no
 * access to is read-only for them); null when GitHub says there is no such repository for them.
 */
export async function readableRepo(github: GitHubClient, owner: string, name: string): Promise<RepoSummary | null> {
  try {
    const { data } = await github.rest.repos.get({ owner, repo: name });
    return toRepoSummary(data);
  } catch (error) {
    if ((error as { status?: number }).status === 404) return null;
    throw error;
  }
}

export async function listBranches(github: GitHubClient, owner: string, repo: string): Promise<BranchSummary[]> {
  const branches: BranchSummary[] = [];
  for await (const page of github.paginate.iterator(github.rest.repos.listBranches, { owner, repo, per_page: 100 })) {
    for (const branch of page.data) branches.push({ name: branch.name, sha: branch.commit.sha, protected: branch.protected });
    if (branches.length >= MAX_BRANCHES) break;
  }
  return branches;
}

/** GitHub's git database endpoints answer 409 "Git Repository is empty." for a repository without commits. */
const isEmptyRepositoryError = (error: unknown) => (error as { status?: number }).status === 409;

/** The branch head, or null when the branch does not exist (an empty repository has no branches at all). */
export async function branchHead(github: GitHubClient, owner: string, repo: string, branch: string): Promise<string | null> {
  try {
    const { data } = await github.rest.git.getRef({ owner, repo, ref: `heads/${branch}` });
    return data.object.sha;
  } catch (error) {
    if ((error as { status?: number }).status === 404 || isEmptyRepositoryError(error)) return null;
    throw error;
  }
}

/** Whether the repository has no commits yet (created on GitHub without a README, never pushed to). */
export async function isRepositoryEmpty(github: GitHubClient, owner: string, repo: string): Promise<boolean> {
  try {
    await github.rest.git.listMatchingRefs({ owner, repo, ref: 'heads/', per_page: 1 });
    return false;
  } catch (error) {
    if (isEmptyRepositoryError(error)) return true;
    throw error;
  }
}

export async function createBranch(
  github: GitHubClient,
  { owner, repo, baseBranch, newBranch, baseSha }: { owner: string; repo: string; baseBranch: string; newBranch: string; baseSha?: string | null },
): Promise<{ name: string; sha: string }> {
  // A given base commit (attempts of one task all start from the same one) wins over the branch's head.
  const sha = baseSha ?? (await branchHead(github, owner, repo, baseBranch));
  if (!sha) throw new AppError('not_found', `The base branch "${baseBranch}" does not exist in ${owner}/${repo}.`);
  try {
    await github.rest.git.createRef({ owner, repo, ref: `refs/heads/${newBranch}`, sha });
  } catch (error) {
    if ((error as { status?: number }).status === 422) {
      throw new AppError('conflict', `A branch named "${newBranch}" already exists in ${owner}/${repo}. Choose another name.`);
    }
    throw error;
  }
  return { name: newBranch, sha };
}
