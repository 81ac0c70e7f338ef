import type { DB } from '@/lib/db/client';
import { AppError } from '@/lib/errors';
import type { FileChange, FileMode } from '@/lib/github/commits';
import { compareWithBase } from '@/lib/github/compare';
import type { GitHubClient } from '@/lib/github/octokit';
import { readBlob, readTree } from '@/lib/github/tree';
import { githubCommitUrl } from '@/lib/github/web-urls';
import { commitToBranch } from '@/lib/workspace/commit';
import { addMessage, type ChatThread, listMessages } from './history';
import { type ChatMessageView, type CommittedFileView, partsOf, revertedCommits } from './protocol';

/** Live Chat's commits: their author, their files with diffs, their link, and Revert. */

const MAX_PATCH_CHARS = 30_000;
const MAX_PATCHES_CHARS = 200_000;

/**
 * The signed-in user as a commit author: their GitHub name and email, or GitHub's noreply address
 * (`ID+login@users.noreply.<host>`, which GitHub links to the account) when their email is private.
 */
export async function commitAuthor(db: DB, userId: string, githubUrl: string): Promise<{ name: string; email: string }> {
  const user = await db.selectFrom('users').select(['login', 'name', 'email', 'github_id']).where('id', '=', userId).executeTakeFirst();
  if (!user) throw new AppError('unauthorized', 'Sign in with GitHub to continue.');
  const host = new URL(githubUrl).host;
  return { name: user.name || user.login, email: user.email || `${user.github_id}+${user.login}@users.noreply.${host}` };
}

/** The commit's files with their diffs (one compare call); without diffs when GitHub cannot tell. */
export async function committedFiles(
  github: GitHubClient,
  thread: ChatThread,
  committed: { sha: string; parentSha: string; files: Array<{ path: string; change: CommittedFileView['change']; from?: string }> },
): Promise<CommittedFileView[]> {
  let patches = new Map<string, { additions: number; deletions: number; patch?: string }>();
  try {
    const comparison = await compareWithBase(github, { owner: thread.owner, repo: thread.repo, base: committed.parentSha, head: committed.sha });
    patches = new Map(comparison.files.map((file) => [file.path, file]));
  } catch (error) {
    console.error('[live-chat] could not read the diff of', committed.sha, error instanceof Error ? error.message : error);
  }
  let budget = MAX_PATCHES_CHARS;
  return committed.files.map((file) => {
    const diff = patches.get(file.path);
    const patch = diff?.patch !== undefined && diff.patch.length <= Math.min(MAX_PATCH_CHARS, budget) ? diff.patch : undefined;
    if (patch) budget -= patch.length;
    return {
      path: file.path,
      change: file.change,
      ...(file.from ? { from: file.from } : {}),
      ...(diff ? { additions: diff.additions, deletions: diff.deletions } : {}),
      ...(patch !== undefined ? { patch } : {}),
    };
  });
}

const FILE_MODES = new Set<string>(['100644', '100755', '120000']);
const short = (sha: string) => sha.slice(0, 7);

/**
 * Revert of one of the user's Live Chat commits: a new commit that gives exactly the files it touched
 * their contents before it (restoring, or deleting what it created). It is made on top of the reverted
 * commit, so if anything changed those files since, it is a conflict and nothing is written; other
 * changes to the branch meanwhile are kept (the commit is rebased onto the head).
 */
export async function revertChatCommit(options: {
  db: DB;
  github: GitHubClient;
  githubUrl: string;
  thread: ChatThread;
  sha: string;
}): Promise<ChatMessageView> {
  const { db, github, thread, sha } = options;
  const history = await listMessages(db, thread);
  const commit = history.flatMap((message) => partsOf(message, 'commit')).find((part) => part.sha === sha);
  if (!commit) throw new AppError('not_found', `Commit ${short(sha)} is not one of your Live Chat commits on this branch.`);
  const revertedBy = revertedCommits(history).get(sha);
  if (revertedBy) throw new AppError('conflict', `Commit ${short(sha)} was already reverted by ${short(revertedBy)}.`);

  const before = new Map((await readTree(github, thread.owner, thread.repo, commit.parentSha)).entries.map((entry) => [entry.path, entry]));
  const paths = [...new Set(commit.files.flatMap((file) => [file.path, ...(file.from ? [file.from] : [])]))];
  const changes: FileChange[] = await Promise.all(
    paths.map(async (path): Promise<FileChange> => {
      const entry = before.get(path);
      if (!entry || entry.type !== 'blob') return { path, delete: true };
      const content = await readBlob(github, thread.owner, thread.repo, entry.sha);
      return FILE_MODES.has(entry.mode) ? { path, content, mode: entry.mode as FileMode } : { path, content };
    }),
  );
  const subject = `Revert "${commit.message}"`;
  const committed = await commitToBranch(db, github, thread.userId, {
    owner: thread.owner,
    repo: thread.repo,
    branch: thread.branch,
    expectedHeadSha: sha,
    changes,
    message: `${subject}\n\nThis reverts commit ${sha}.`,
    author: await commitAuthor(db, thread.userId, options.githubUrl),
    page: 'chat',
  });
  if (committed.status === 'conflict') {
    const changed = committed.conflicts.map((conflict) => conflict.path).join(', ');
    throw new AppError(
      'conflict',
      `${changed} changed on "${thread.branch}" after commit ${short(sha)}, so reverting it would overwrite those changes. Nothing was changed.`,
    );
  }
  return addMessage(db, thread, {
    role: 'system',
    content: `Reverted ${short(sha)} (${commit.message}).`,
    parts: [
      {
        type: 'revert',
        revertedSha: sha,
        sha: committed.sha,
        parentSha: committed.parentSha,
        message: subject,
        url: githubCommitUrl(options.githubUrl, thread.owner, thread.repo, committed.sha),
        files: await committedFiles(github, thread, committed),
      },
    ],
  });
}
