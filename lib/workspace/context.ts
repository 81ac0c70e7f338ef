import 'server-only';
import { headers } from 'next/headers';
import { notFound, redirect } from 'next/navigation';
import { cache } from 'react';
import { authorizeRepo, type SessionUser } from '@/lib/auth';
import { PATHNAME_HEADER, requirePageUser } from '@/lib/auth/page';
import type { RepoPermission } from '@/lib/github/access';
import { branchNameProblem } from '@/lib/github/branch-names';
import type { RepoRef } from '@/lib/github/names';
import type { GitHubClient } from '@/lib/github/octokit';
import { branchHead, isRepositoryEmpty } from '@/lib/github/repos';
import { AppError } from '@/lib/errors';
import { branchSegmentsOf, repositoryPath } from './urls';

export interface Workspace {
  owner: string;
  repo: string;
  branch: string;
  headSha: string;
  user: SessionUser;
  permission: RepoPermission;
  github: GitHubClient;
}

/** The owner/repo/branch segments of this request's path (see `branchSegmentsOf`). */
async function requestedSegments(): Promise<[string, string, string] | null> {
  return branchSegmentsOf((await headers()).get(PATHNAME_HEADER) ?? '', '/github');
}

/** Read access to a repository a page is about; without it (or without the repository) the page is a 404, as on GitHub. */
export async function readableRepo(user: SessionUser, ref: RepoRef): Promise<Awaited<ReturnType<typeof authorizeRepo>>> {
  try {
    return await authorizeRepo(user, ref, 'read');
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') notFound();
    throw error;
  }
}

/**
 * The branch a workspace page is about, checked once per request (layout, metadata and page share
 * it): signed in, the repository readable, the branch existing. Anything else is the workspace 404.
 */
export const loadWorkspace = cache(async (): Promise<Workspace> => {
  const user = await requirePageUser();
  const segments = await requestedSegments();
  if (!segments) notFound();
  const [owner, repo, branch] = segments;
  if (branchNameProblem(branch)) notFound();
  const access = await readableRepo(user, { owner, repo });
  const headSha = await branchHead(access.github, owner, repo, branch);
  if (!headSha) {
    // An empty repository has no branches yet; its page offers to make the first commit.
    if (await isRepositoryEmpty(access.github, owner, repo)) redirect(repositoryPath(owner, repo));
    notFound();
  }
  return { owner, repo, branch, headSha, user, permission: access.permission, github: access.github };
});
