'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { announceAgentStatus } from '@/lib/agents/attention';
import { subscribeToAgents } from '@/lib/realtime/client/agents-stream';

/**
 * The count on the Agents navigation item: the user's agents that finished, failed or wait since they
 * last looked at them (id → since when). Live in every tab, which is also where the browser
 * notification for such an agent is raised, once per agent and change, wherever the user is.
 */
export function AgentsAttentionBadge({ userId, initialUnseen, describes }: { userId: string; initialUnseen: Record<string, string>; describes: string }) {
  const router = useRouter();
  const [unseen, setUnseen] = useState(initialUnseen);
  const [shownInitial, setShownInitial] = useState(initialUnseen);
  const known = useRef(initialUnseen);
  // A server refresh brings the count as stored: it replaces what the stream built.
  if (initialUnseen !== shownInitial) {
    setShownInitial(initialUnseen);
    setUnseen(initialUnseen);
  }
  useEffect(() => {
    known.current = unseen;
  }, [unseen]);

  useEffect(
    () =>
      subscribeToAgents(userId, (message) => {
        // Changes missed while the server's listener reconnected: the layout brings the stored count.
        if (message.type === 'resync') return router.refresh();
        const id = message.type === 'agent' ? message.agent.id : message.id;
        const since = message.type === 'agent' && message.agent.deletedAt === null ? message.agent.unseenSince : null;
        const previous = known.current[id] ?? null;
        if (previous === since) return;
        const next = { ...known.current };
        if (since === null) delete next[id];
        else next[id] = since;
        known.current = next;
        setUnseen(next);
        if (since !== null && message.type === 'agent') announceAgentStatus(message.agent, undefined, message.agent.status);
      }),
    [router, userId],
  );

  const count = Object.keys(unseen).length;
  if (count === 0) return null;
  return (
    <span
      id={describes}
      data-testid="agents-badge"
      className="pointer-events-none absolute right-1 top-1 min-w-5 rounded-full bg-indigo-600 px-1.5 text-center text-xs font-semibold leading-5 text-white"
    >
      {count}
      <span className="sr-only"> {count === 1 ? 'agent needs' : 'agents need'} you</span>
    </span>
  );
}
