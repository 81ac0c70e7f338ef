import { env } from '@/lib/env';
import { AppError } from '@/lib/errors';
import type { GitHubClient } from '@/lib/github/octokit';
import { branchHead } from '@/lib/github/repos';
import { readTree } from '@/lib/github/tree';
import { previewOrigin } from './origin';
import { previewUrl, signPreviewToken } from './token';

export type PreviewLink =
  | { status: 'ready'; url: string; origin: string; headSha: string; hasIndex: boolean }
  /** No preview server is known to this app (neither PREVIEW_ORIGIN nor PREVIEW_PORT). */
  | { status: 'unconfigured' };

/**
 * A fresh preview link of a branch for a user whose read access was just checked (page or
 * action), and whether the branch has the index.html it opens.
 */
export async function issuePreviewLink(
  github: GitHubClient,
  target: { userId: string; owner: string; repo: string; branch: string },
  appHost: string | null,
): Promise<PreviewLink> {
  const config = env();
  const origin = previewOrigin(config, appHost);
  if (!origin || !config.AUTH_SECRET) return { status: 'unconfigured' };
  const headSha = await branchHead(github, target.owner, target.repo, target.branch);
  if (!headSha) throw new AppError('not_found', `The branch "${target.branch}" no longer exists in ${target.owner}/${target.repo}.`);
  const tree = await readTree(github, target.owner, target.repo, headSha);
  const hasIndex = tree.entries.some((entry) => entry.path === 'index.html' && entry.type === 'blob');
  return { status: 'ready', url: previewUrl(origin, signPreviewToken(config.AUTH_SECRET, target)), origin, headSha, hasIndex };
}
