import { withUser } from '@/lib/auth';
import { requestCancel } from '@/lib/agents/control';
import { getOwnAgent, toAgentView } from '@/lib/agents/queries';
import { db } from '@/lib/db';
import { otherMethods } from '@/lib/http';

export const dynamic = 'force-dynamic';

export const POST = withUser<{ agentId: string }>(async (_request, { user, params }) => {
  const agent = await getOwnAgent(db(), user.id, params.agentId);
  await requestCancel(db(), agent);
  return Response.json({ agent: toAgentView(await getOwnAgent(db(), user.id, agent.id)) });
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods('POST');
