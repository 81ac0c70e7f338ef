import { withUser } from '@/lib/auth';
import { toAgentView } from '@/lib/agents/queries';
import { db } from '@/lib/db';
import { getListener } from '@/lib/realtime/listener';
import { sseResponse } from '@/lib/realtime/sse';
import { otherMethods } from '@/lib/http';

export const dynamic = 'force-dynamic';

/** Live changes of the signed-in user's agents (status, cost, PR…), one `agent` event per change. */
export const GET = withUser(async (request, { user }) =>
  sseResponse(request, (stream) => {
    const listener = getListener();
    const sendAgent = async (agentId: unknown) => {
      if (typeof agentId !== 'string') return;
      const agent = await db().selectFrom('agents').selectAll().where('id', '=', agentId).where('user_id', '=', user.id).executeTakeFirst();
      stream.send(agent ? { event: 'agent', data: toAgentView(agent) } : { event: 'agent-removed', data: { id: agentId } });
    };
    const unsubscribe = listener.subscribe('agents', user.id, (payload) => {
      sendAgent(payload.id).catch((error: unknown) => console.error('[agents] list stream read failed:', error));
    });
    // Changes made while the listener was reconnecting are unknown: tell the page to reload the list.
    const unhook = listener.onReconnect(() => stream.send({ event: 'resync', data: {} }));
    return () => {
      unsubscribe();
      unhook();
    };
  }),
);

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods('GET');
