'use server';

import { z } from 'zod';
import { repoAction } from '@/lib/auth';
import { searchBranch } from '@/lib/code/branch-search';
import { commitSizeProblem, MAX_EDITABLE_BYTES } from '@/lib/code/limits';
import { MAX_PATTERN_LENGTH } from '@/lib/code/text-search';
import { db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { branchName } from '@/lib/github/branch-names';
import type { FileChange } from '@/lib/github/commits';
import { compareWithBase } from '@/lib/github/compare';
import { repoRef } from '@/lib/github/names';
import { repoPath } from '@/lib/github/paths';
import { branchHead } from '@/lib/github/repos';
import { decodeText } from '@/lib/github/text';
import { readBlob, readTree } from '@/lib/github/tree';
import { commitToBranch } from '@/lib/workspace/commit';
import { workspacePages } from '@/lib/workspace/urls';

/** File operations of the code editor. Reads need read access; the commit needs push access. */

const gitSha = z.string().regex(/^[0-9a-f]{40}$/, 'is not a git object id');
const branchInput = repoRef.extend({ branch: branchName });

/** The branch's files at `sha` (one tree call), or at its current head. */
export const loadTree = repoAction('read', branchInput.extend({ sha: gitSha.optional() }), async ({ owner, repo, branch, sha }, { github }) => {
  const head = sha ?? (await branchHead(github, owner, repo, branch));
  if (!head) throw new AppError('not_found', `The branch "${branch}" no longer exists in ${owner}/${repo}.`);
  return readTree(github, owner, repo, head);
});

export type FileContent = { kind: 'text'; text: string } | { kind: 'binary'; size: number } | { kind: 'too_large'; size: number };

/** A file's content by blob id: text when it is UTF-8, otherwise only its size. */
export const readFile = repoAction('read', repoRef.extend({ sha: gitSha }), async ({ owner, repo, sha }, { github }): Promise<FileContent> => {
  const bytes = await readBlob(github, owner, repo, sha);
  if (bytes.length > MAX_EDITABLE_BYTES) return { kind: 'too_large', size: bytes.length };
  const text = decodeText(bytes);
  return text === null ? { kind: 'binary', size: bytes.length } : { kind: 'text', text };
});

const changeInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('write'), path: repoPath, content: z.string() }),
  z.object({ kind: z.literal('delete'), path: repoPath }),
  z.object({ kind: z.literal('rename'), from: repoPath, path: repoPath, content: z.string().optional() }),
]);

const commitInput = branchInput.extend({
  /** The editor the commit was made in, for the branch's activity log. */
  page: z.enum(workspacePages).default('code'),
  expectedHeadSha: gitSha,
  message: z.string().trim().min(1, 'Write a commit message.').max(10_000),
  changes: z
    .array(changeInput)
    .min(1, 'There are no changes to commit.')
    .max(5_000)
    .superRefine((changes, context) => {
      const problem = commitSizeProblem(changes);
      if (problem) context.addIssue({ code: 'custom', message: problem });
    }),
});

/** Writes all staged changes as one commit (from any editor); a moved branch is rebased onto, or reported as conflicts. */
export const commit = repoAction('write', commitInput, async (input, { github, user }) => {
  const changes = input.changes.map((change): FileChange => {
    if (change.kind === 'delete') return { path: change.path, delete: true };
    if (change.kind === 'rename') return { path: change.path, from: change.from, ...(change.content === undefined ? {} : { content: change.content }) };
    return { path: change.path, content: change.content };
  });
  return commitToBranch(db(), github, user.id, {
    owner: input.owner,
    repo: input.repo,
    branch: input.branch,
    page: input.page,
    expectedHeadSha: input.expectedHeadSha,
    message: input.message,
    changes,
  });
});

/** What the branch changed since it left `base` (the repository's default branch). */
export const compareBranch = repoAction('read', branchInput.extend({ base: branchName, headSha: gitSha }), async ({ owner, repo, base, headSha }, { github }) =>
  compareWithBase(github, { owner, repo, base, head: headSha }),
);

const searchInput = branchInput.extend({
  sha: gitSha,
  pattern: z.string().min(1, 'Type something to search for.').max(MAX_PATTERN_LENGTH),
  regex: z.boolean().default(false),
  caseSensitive: z.boolean().default(false),
});

/** Lines of the branch's files at `sha` that match (the browser adds its staged changes). */
export const searchInFiles = repoAction('read', searchInput, async ({ owner, repo, branch, sha, ...query }, { github }) =>
  searchBranch(github, { owner, repo, branch, sha }, query),
);
