import { withRepoAccess } from '@/lib/auth';
import { listOpenIssues } from '@/lib/github/issues';
import { otherMethods } from '@/lib/http';

export const dynamic = 'force-dynamic';

export const GET = withRepoAccess('read', async (_request, { github, owner, repo }) => {
  return Response.json({ issues: await listOpenIssues(github, owner, repo) });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods('GET');
