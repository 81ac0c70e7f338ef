import { withUser } from '@/lib/auth';
import { getOwnAgent } from '@/lib/agents/queries';
import { markAgentSeen } from '@/lib/agents/unseen';
import { db } from '@/lib/db';
import { otherMethods } from '@/lib/http';

export const dynamic = 'force-dynamic';

/** The owner looked at the agent: it no longer counts on the Agents badge. */
export const POST = withUser<{ agentId: string }>(async (_request, { user, params }) => {
  const agent = await getOwnAgent(db(), user.id, params.agentId);
  await markAgentSeen(db(), user.id, agent.id);
  return new Response(null, { status: 204 });
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods('POST');
