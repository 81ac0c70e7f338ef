import type { Kysely } from 'kysely';
import type { Database } from '@/lib/db/schema';
import {
  commitChanges,
  commitFirst,
  type CommitRequest,
  type CommitResult,
  type FirstCommitRequest,
  type FirstCommitResult,
} from '@/lib/github/commits';
import type { GitHubClient } from '@/lib/github/octokit';
import { appendWorkspaceEvent } from './events';

type Page = { page: string };

/**
 * Commits to a workspace branch (see `commitChanges`) and logs ONE workspace event for the commit, which
 * the collaboration layer broadcasts to everyone on the branch: the activity feed shows a commit as one
 * entry (message, sha, what happened to each file). Editors, Live Chat and agents call this; `page` says
 * where the change was made (`chat` for Live Chat, `agent` for agents). Without an expected head it makes
 * the first commit of an empty repository (`commitFirst`).
 */
export async function commitToBranch(db: Kysely<Database>, github: GitHubClient, userId: string, request: CommitRequest & Page): Promise<CommitResult>;
export async function commitToBranch(
  db: Kysely<Database>,
  github: GitHubClient,
  userId: string,
  request: FirstCommitRequest & Page,
): Promise<FirstCommitResult>;
export async function commitToBranch(
  db: Kysely<Database>,
  github: GitHubClient,
  userId: string,
  request: (CommitRequest | FirstCommitRequest) & Page,
): Promise<FirstCommitResult> {
  const result = 'expectedHeadSha' in request ? await commitChanges(github, request) : await commitFirst(github, request);
  if (result.status !== 'committed') return result;
  await appendWorkspaceEvent(db, {
    owner: request.owner,
    repo: request.repo,
    branch: request.branch,
    userId,
    type: request.page === 'chat' ? 'chat_commit' : 'commit',
    page: request.page,
    path: result.files[0]?.path ?? null,
    payload: {
      sha: result.sha,
      message: request.message.trim().split('\n')[0]!,
      files: result.files,
    },
  });
  return result;
}
