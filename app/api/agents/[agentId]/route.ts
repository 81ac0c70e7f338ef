import { withUser } from '@/lib/auth';
import { deleteAgentForever, getOwnAgent, moveAgentToTrash, toAgentView } from '@/lib/agents/queries';
import { db } from '@/lib/db';
import { otherMethods } from '@/lib/http';

export const dynamic = 'force-dynamic';

type Params = { agentId: string };

export const GET = withUser<Params>(async (_request, { user, params }) => {
  const agent = await getOwnAgent(db(), user.id, params.agentId);
  return Response.json({ agent: toAgentView(agent) });
});

/** Moves the agent to the trash; `?permanent=1` deletes an agent that is already in the trash. */
export const DELETE = withUser<Params>(async (request, { user, params }) => {
  const agent = await getOwnAgent(db(), user.id, params.agentId);
  if (new URL(request.url).searchParams.get('permanent') === '1') await deleteAgentForever(db(), agent);
  else await moveAgentToTrash(db(), agent);
  return new Response(null, { status: 204 });
});

export const { POST, PUT, PATCH, OPTIONS } = otherMethods('GET', 'DELETE');
