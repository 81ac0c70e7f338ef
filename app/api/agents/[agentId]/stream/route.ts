import { withUser } from '@/lib/auth';
import { agentEventsAfter, getOwnAgent, toEventView } from '@/lib/agents/queries';
import { db } from '@/lib/db';
import { getListener } from '@/lib/realtime/listener';
import { startLogStream } from '@/lib/realtime/log-stream';
import { lastEventId, sseResponse } from '@/lib/realtime/sse';
import { otherMethods } from '@/lib/http';

export const dynamic = 'force-dynamic';

/** The agent's events as SSE (`id:` = sequence); a reconnect with Last-Event-ID gets only what it missed. */
export const GET = withUser<{ agentId: string }>(async (request, { user, params }) => {
  const agent = await getOwnAgent(db(), user.id, params.agentId);
  return sseResponse(request, (stream) =>
    startLogStream({
      listener: getListener(),
      channel: 'agent_events',
      key: agent.id,
      afterSeq: lastEventId(request),
      fetchAfter: (afterSeq, limit) => agentEventsAfter(db(), agent.id, afterSeq, limit),
      deliver: (row) => stream.send({ id: row.id, event: 'agent-event', data: toEventView(row) }),
    }),
  );
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods('GET');
