import { withRepoAccess } from '@/lib/auth';
import { db } from '@/lib/db';
import { createBranch } from '@/lib/github/repos';
import { otherMethods, readJson } from '@/lib/http';
import { appendWorkspaceEvent } from '@/lib/workspace/events';
import { workspacePath } from '@/lib/workspace/urls';
import { createBranchBody } from './schema';

export const dynamic = 'force-dynamic';

export const POST = withRepoAccess(
  'write',
  async (_request, { github, user, located: body }) => {
    const branch = await createBranch(github, body);
    await appendWorkspaceEvent(db(), {
      owner: body.owner,
      repo: body.repo,
      branch: branch.name,
      userId: user.id,
      type: 'branch_created',
      payload: { baseBranch: body.baseBranch, sha: branch.sha },
    });
    return Response.json(
      { branch: branch.name, sha: branch.sha, url: workspacePath(body.owner, body.repo, branch.name, 'code') },
      { status: 201 },
    );
  },
  // The repository comes from the body.
  (request: Request) => readJson(request, createBranchBody),
);

export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods('POST');
