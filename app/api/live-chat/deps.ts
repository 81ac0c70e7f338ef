import type Anthropic from '@anthropic-ai/sdk';
import type { Guards } from '@/lib/auth/guard';
import type { DB } from '@/lib/db/client';
import { AppError } from '@/lib/errors';
import { branchNameProblem } from '@/lib/github/branch-names';
import type { GitHubClient } from '@/lib/github/octokit';
import { branchHead } from '@/lib/github/repos';
import type { ChatThread } from '@/lib/live-chat/history';
import type { TurnRateLimiter } from '@/lib/live-chat/rate-limit';
import type { LlmSettings } from '@/lib/llm/client';
import type { ObjectStore } from '@/lib/storage';
import { branchSegmentsOf } from '@/lib/workspace/urls';

/**
 * What the Live Chat route handlers are built from. The routes bind the app's (session user, process
 * pool, object store, rate limiter, configured model: `app-deps.ts`); integration tests bind their own
 * and drive the very same handlers.
 */
export interface LiveChatRouteDeps {
  withRepoAccess: Guards['withRepoAccess'];
  db: () => DB;
  store: () => ObjectStore;
  limiter: () => TurnRateLimiter;
  /** The model; throws the 503 that says how to configure one when there is no API key. */
  llm: () => { client: Anthropic; settings: LlmSettings };
  /** LIVE_CHAT_RETENTION_DAYS and GITHUB_URL. */
  config: () => { retentionDays: number; githubUrl: string };
  /** First retry delay of the tool loop (tests shorten it). */
  retryBaseMs?: number;
}

/** Route params are not read: owner, repo and branch come from the raw request path (see `branchSegmentsOf`). */
export type PathParams = Record<string, string>;

const PREFIX = '/api/live-chat';

function segments(request: Request): [string, string, string] {
  const found = branchSegmentsOf(new URL(request.url).pathname, PREFIX);
  if (!found) throw new AppError('not_found', 'That Live Chat does not exist.');
  return found;
}

/** Where the access check looks: the repository of the path. */
export function repoOfPath(request: Request): { owner: string; repo: string } {
  const [owner, repo] = segments(request);
  return { owner, repo };
}

/** The signed-in user's chat on the branch of the path (checked after access, so others learn nothing). */
export function threadOfPath(request: Request, userId: string): ChatThread {
  const [owner, repo, branch] = segments(request);
  const problem = branchNameProblem(branch);
  if (problem) throw new AppError('validation_failed', `Invalid branch: ${problem}`);
  return { owner, repo, branch, userId };
}

/** The branch's head commit, or the 404 that says the branch is gone. */
export async function headOf(github: GitHubClient, { owner, repo, branch }: ChatThread): Promise<string> {
  const head = await branchHead(github, owner, repo, branch);
  if (!head) throw new AppError('not_found', `The branch "${branch}" does not exist in ${owner}/${repo}.`);
  return head;
}
