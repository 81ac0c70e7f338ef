import type { Kysely } from 'kysely';
import type { Database } from '@/lib/db/schema';
import {
  commitChanges,
  commitFirst,
  type CommitRequest,
  type CommitResult,
  type CommittedChange,
  type FirstCommitRequest,
  type FirstCommitResult,
} from '@/lib/github/commits';
import type { GitHubClient } from '@/lib/github/octokit';
import { appendWorkspaceEvent, type WorkspaceEventType } from './events';

const eventTypes: Record<CommittedChange, WorkspaceEventType> = {
  create: 'file_create',
  edit: 'file_edit',
  delete: 'file_delete',
  rename: 'file_rename',
};

type Page = { page: string };

/**
 * Commits to a workspace branch (see `commitChanges`) and logs one workspace event per changed
 * file, which the collaboration layer broadcasts to everyone on the branch. Editors and the
 * assistant call this; `page` says where the change was made. Without an expected head it makes
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
  const paths = result.files.map((file) => file.path);
  const message = request.message.trim();
  // One transaction: listeners see all of a commit's events or none.
  await db.transaction().execute(async (trx) => {
    for (const file of result.files) {
      await appendWorkspaceEvent(trx, {
        owner: request.owner,
        repo: request.repo,
        branch: request.branch,
        userId,
        type: eventTypes[file.change],
        page: request.page,
        path: file.path,
        payload: { sha: result.sha, message, paths, ...(file.from ? { from: file.from } : {}) },
      });
    }
  });
  return result;
}
