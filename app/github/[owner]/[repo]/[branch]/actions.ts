'use server';

import { headers } from 'next/headers';
import { z } from 'zod';
import { repoAction } from '@/lib/auth';
import { db } from '@/lib/db';
import { branchName } from '@/lib/github/branch-names';
import { aheadBehind } from '@/lib/github/compare';
import { repoRef } from '@/lib/github/names';
import { issuePreviewLink } from '@/lib/preview/links';
import { workspacePages } from '@/lib/workspace/urls';
import { recordWorkspaceVisit } from '@/lib/workspace/visits';

const visitInput = repoRef.extend({
  branch: branchName,
  page: z.enum(workspacePages),
  /** When the page was shown (ms since the epoch), so late reports cannot overwrite newer ones. */
  at: z.number().int().positive(),
});

/** Remembers the page the user is on, for "recent workspaces" on /workspace. */
export const recordVisit = repoAction('read', visitInput, async ({ owner, repo, branch, page, at }, { user }) => {
  await recordWorkspaceVisit(db(), { userId: user.id, owner, repo, branch, page, at: new Date(at) });
});

/** A new preview link (the old one expires), for refreshing the Preview after a commit. */
export const renewPreview = repoAction('read', repoRef.extend({ branch: branchName }), async ({ owner, repo, branch }, { github, user }) =>
  issuePreviewLink(github, { userId: user.id, owner, repo, branch }, (await headers()).get('host')),
);

/** Commits the branch is ahead of and behind the repository's default branch (null on the default branch itself). */
export const branchStatus = repoAction('read', repoRef.extend({ branch: branchName }), async ({ owner, repo, branch }, { github }) => {
  const { data } = await github.rest.repos.get({ owner, repo });
  if (data.default_branch === branch) return null;
  return aheadBehind(github, { owner, repo, base: data.default_branch, head: branch });
});
