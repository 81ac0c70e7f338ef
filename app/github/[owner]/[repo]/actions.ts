'use server';

import { z } from 'zod';
import { repoAction } from '@/lib/auth';
import { db } from '@/lib/db';
import { branchName } from '@/lib/github/branch-names';
import { repoRef } from '@/lib/github/names';
import { commitToBranch } from '@/lib/workspace/commit';
import { workspacePath } from '@/lib/workspace/urls';

const firstCommitInput = repoRef.extend({
  branch: branchName,
  message: z.string().trim().min(1, 'Write a commit message.').max(10_000),
  readme: z.string().max(1_000_000, 'The README is longer than 1 MB.'),
});

/** The first commit of an empty repository: its README.md, on the branch that becomes its first. */
export const createFirstCommit = repoAction('write', firstCommitInput, async ({ owner, repo, branch, message, readme }, { github, user }) => {
  await commitToBranch(db(), github, user.id, {
    owner,
    repo,
    branch,
    message,
    changes: [{ path: 'README.md', content: readme }],
    page: 'code',
  });
  return { url: workspacePath(owner, repo, branch, 'code') };
});
