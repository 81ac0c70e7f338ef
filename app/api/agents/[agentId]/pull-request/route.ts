import { authorizeRepo, withUser } from '@/lib/auth';
import { openAgentPullRequest } from '@/lib/agents/pull-request';
import { getOwnAgent } from '@/lib/agents/queries';
import { db } from '@/lib/db';
import { otherMethods } from '@/lib/http';

export const dynamic = 'force-dynamic';

export const POST = withUser<{ agentId: string }>(async (request, { user, params }) => {
  const agent = await getOwnAgent(db(), user.id, params.agentId);
  const { github } = await authorizeRepo(user, { owner: agent.repository_owner, repo: agent.repository_name }, 'write');
  const agentUrl = new URL(`/agents/${agent.id}`, request.url).toString();
  return Response.json(await openAgentPullRequest(db(), github, agent, agentUrl), { status: 201 });
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods('POST');
