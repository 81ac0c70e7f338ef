'use client';

import { useEffect } from 'react';
import type { AgentStatus } from '@/lib/db/schema';

/**
 * Tells the server the owner has seen the agent as it is now: on opening its page, and again when its
 * status changes while the page is in front of them (or when they come back to the tab).
 */
export function AgentSeen({ agentId, status }: { agentId: string; status: AgentStatus }) {
  useEffect(() => {
    const markSeen = () => {
      if (document.visibilityState === 'visible') void fetch(`/api/agents/${agentId}/seen`, { method: 'POST' });
    };
    markSeen();
    document.addEventListener('visibilitychange', markSeen);
    return () => document.removeEventListener('visibilitychange', markSeen);
  }, [agentId, status]);
  return null;
}
