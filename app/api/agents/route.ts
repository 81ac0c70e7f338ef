import { withRepoAccess, withUser } from '@/lib/auth';
import { createAgent } from '@/lib/agents/create';
import { resolveNewAgent } from '@/lib/agents/from-issue';
import { listAgents, toAgentView } from '@/lib/agents/queries';
import { db } from '@/lib/db';
import { otherMethods, readJson, readQuery } from '@/lib/http';
import { createAgentBody, listAgentsQuery } from './schema';

export const dynamic = 'force-dynamic';

export const GET = withUser(async (request, { user }) => {
  const query = readQuery(request, listAgentsQuery);
  const agents = await listAgents(db(), user.id, { query: query.q, status: query.status, trash: query.trash === '1' });
  return Response.json({ agents: agents.map(toAgentView) });
});

export const POST = withRepoAccess(
  'write',
  async (_request, { github, user, located: body }) => {
    const agent = await createAgent(db(), github, user.id, await resolveNewAgent(github, body));
    return Response.json({ agent: toAgentView(agent) }, { status: 201 });
  },
  // The repository comes from the body.
  (request: Request) => readJson(request, createAgentBody),
);

export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods('GET', 'POST');
