import { withRepoAccess } from '@/lib/auth';
import { listBranches } from '@/lib/github/repos';

export const dynamic = 'force-dynamic';

export const GET = withRepoAccess('read', async (_request, { github, owner, repo }) => {
  const [branches, { data }] = await Promise.all([listBranches(github, owner, repo), github.rest.repos.get({ owner, repo })]);
  return Response.json({ defaultBranch: data.default_branch, branches });
});
