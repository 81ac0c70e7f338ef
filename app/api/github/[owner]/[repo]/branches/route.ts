import { withRepoAccess } from '@/lib/auth';
import { listBranches } from '@/lib/github/repos';
import { otherMethods } from '@/lib/http';

export const dynamic = 'force-dynamic';

export const GET = withRepoAccess('read', async (_request, { github, owner, repo }) => {
  const [branches, { data }] = await Promise.all([listBranches(github, owner, repo), github.rest.repos.get({ owner, repo })]);
  return Response.json({ defaultBranch: data.default_branch, branches });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods('GET');
