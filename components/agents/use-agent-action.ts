'use client';

import { useState } from 'react';
import { apiErrorMessage } from '@/lib/api-client';

/** POSTs to one of an agent's routes (cancel, messages, plan…), with its busy state and the error sentence to show. */
export function useAgentAction(agentId: string) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function post(path: string, body?: unknown): Promise<boolean> {
    setBusy(true);
    setError(null);
    const response = await fetch(`/api/agents/${agentId}/${path}`, {
      method: 'POST',
      headers: body === undefined ? undefined : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    setBusy(false);
    if (!response.ok) setError(await apiErrorMessage(response));
    return response.ok;
  }
  return { busy, error, post };
}
