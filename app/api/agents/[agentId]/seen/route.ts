import { withUser } from '@/lib/auth';
import { markAgentSeen } from '@/lib/agents/unseen';
import { db } from '@/lib/db';

export const dynamic = 'force-dynamic';

/** The owner looked at the agent: it no longer counts on the Agents badge. */
export const POST = withUser<{ agentId: string }>(async (_request, { user, params }) => {
  await markAgentSeen(db(), user.id, params.agentId);
  return new Response(null, { status: 204 });
});
