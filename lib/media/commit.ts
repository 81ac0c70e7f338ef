import 'server-only';
import { z } from 'zod';
import type { RepoContext } from '@/lib/auth/guard';
import { db } from '@/lib/db';
import { branchName } from '@/lib/github/branch-names';
import { extensionOf } from '@/lib/code/file-kinds';
import { repoRef } from '@/lib/github/names';
import { repoPath } from '@/lib/github/paths';
import { commitToBranch } from '@/lib/workspace/commit';
import type { WorkspacePage } from '@/lib/workspace/urls';
import { assetCommitProblem, MAX_ASSET_FILES } from './limits';

/**
 * The commit of the image and sound editors: whole files as bytes (they arrive as binary parts of
 * the server-action request, not as base64 text), each of a type the editor owns.
 */
export function assetCommitInput(extensions: readonly string[], kind: string) {
  const file = z.object({
    path: repoPath.refine((path) => extensions.includes(extensionOf(path)), {
      message: `must name ${kind} file (${extensions.map((extension) => `.${extension}`).join(', ')})`,
    }),
    content: z.instanceof(Uint8Array, { message: 'must be the file’s bytes' }),
  });
  return repoRef.extend({
    branch: branchName,
    expectedHeadSha: z.string().regex(/^[0-9a-f]{40}$/, 'is not a git object id'),
    message: z.string().trim().min(1, 'Write a commit message.').max(10_000),
    files: z
      .array(file)
      .min(1, 'There are no files to commit.')
      .max(MAX_ASSET_FILES)
      .superRefine((files, context) => {
        const problem = assetCommitProblem(files);
        if (problem) context.addIssue({ code: 'custom', message: problem });
      }),
  });
}

export type AssetCommitInput = z.infer<ReturnType<typeof assetCommitInput>>;

/** Writes the files as one commit on the branch (rebased onto a moved head, or reported as conflicts). */
export function commitAssets(input: AssetCommitInput, { github, user }: RepoContext, page: WorkspacePage) {
  return commitToBranch(db(), github, user.id, {
    owner: input.owner,
    repo: input.repo,
    branch: input.branch,
    page,
    expectedHeadSha: input.expectedHeadSha,
    message: input.message,
    changes: input.files.map((file) => ({ path: file.path, content: file.content })),
  });
}
