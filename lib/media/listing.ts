import 'server-only';
import { z } from 'zod';
import { AppError, toAppError } from '@/lib/errors';
import { branchName } from '@/lib/github/branch-names';
import { repoRef } from '@/lib/github/names';
import type { GitHubClient } from '@/lib/github/octokit';
import { branchHead } from '@/lib/github/repos';
import { readTree } from '@/lib/github/tree';
import { loadWorkspace } from '@/lib/workspace/context';
import { readOnlyReason } from '@/lib/workspace/read-only';
import { type AssetFile, listAssets } from './assets';

/** The images or sounds of a branch at one commit, from one (ETag-cached) recursive tree call. */
export interface AssetListing {
  commitSha: string;
  assets: AssetFile[];
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
  return { commitSha: head, assets: listAssets(tree.entries, extensions) };
}

/** What the Images and Sounds pages hand their editor: the branch, the user's access, and the listing (or why it failed). */
export interface AssetPageProps {
  owner: string;
  repo: string;
  branch: string;
  readOnlyReason: string | null;
  initialListing: AssetListing | null;
  listingError: string | null;
}

export async function assetPageProps(extensions: readonly string[]): Promise<AssetPageProps> {
  const { github, owner, repo, branch, headSha, permission } = await loadWorkspace();
  const base = { owner, repo, branch, readOnlyReason: readOnlyReason(permission, owner, repo) };
  try {
    return { ...base, initialListing: await readAssetListing(github, { owner, repo, branch, sha: headSha }, extensions), listingError: null };
  } catch (error) {
    return { ...base, initialListing: null, listingError: toAppError(error).message };
  }
}
