import 'server-only';
import { z } from 'zod';
import { AppError, toAppError } from '@/lib/errors';
import { branchName } from '@/lib/github/branch-names';
import { repoRef } from '@/lib/github/names';
import type { GitHubClient } from '@/lib/github/octokit';
import { branchHead } from '@/lib/github/repos';
import { readTree } from '@/lib/github/tree';
import type { Workspace } from '@/lib/workspace/context';
import { type AssetFile, listAssets } from './assets';

/** The images or sounds of a branch at one commit, from one (ETag-cached) recursive tree call. */
export interface AssetListing {
  commitSha: string;
  assets: AssetFile[];
  /** GitHub cut the listing of a very large tree short: some files are missing. */
  truncated: boolean;
}

export const assetListingInput = repoRef.extend({
  branch: branchName,
  sha: z
    .string()
    .regex(/^[0-9a-f]{40}$/, 'is not a git object id')
    .optional(),
});

/** The branch's assets at `sha`, or at its current head. */
export async function readAssetListing(
  github: GitHubClient,
  { owner, repo, branch, sha }: z.infer<typeof assetListingInput>,
  extensions: readonly string[],
): Promise<AssetListing> {
  const head = sha ?? (await branchHead(github, owner, repo, branch));
  if (!head) throw new AppError('not_found', `The branch "${branch}" no longer exists in ${owner}/${repo}.`);
  const tree = await readTree(github, owner, repo, head);
  return { commitSha: head, assets: listAssets(tree.entries, extensions), truncated: tree.truncated };
}

/** For a page: the listing at the head the page was loaded at, or why it could not be read. */
export async function pageAssetListing(workspace: Workspace, extensions: readonly string[]): Promise<{ listing: AssetListing | null; error: string | null }> {
  const { github, owner, repo, branch, headSha } = workspace;
  try {
    return { listing: await readAssetListing(github, { owner, repo, branch, sha: headSha }, extensions), error: null };
  } catch (error) {
    return { listing: null, error: toAppError(error).message };
  }
}
