import type { AgentView } from '@/lib/agents/queries';

/** What the signed-in user's agent list stream says (`/api/agents/stream`). */
export type AgentsStreamMessage = { type: 'agent'; agent: AgentView } | { type: 'removed'; id: string } | { type: 'resync' };

type Listener = (message: AgentsStreamMessage) => void;

const listeners = new Set<Listener>();
let source: EventSource | null = null;

function open(): EventSource {
  const stream = new EventSource('/api/agents/stream');
  const dispatch = (message: AgentsStreamMessage) => listeners.forEach((listener) => listener(message));
  stream.addEventListener('agent', (event) => dispatch({ type: 'agent', agent: JSON.parse((event as MessageEvent<string>).data) as AgentView }));
  stream.addEventListener('agent-removed', (event) => dispatch({ type: 'removed', id: (JSON.parse((event as MessageEvent<string>).data) as { id: string }).id }));
  stream.addEventListener('resync', () => dispatch({ type: 'resync' }));
  return stream;
}

/**
 * Follows the user's agents. Everything in a tab that does (the Agents badge, the list, the attempts
 * comparison) shares ONE EventSource: browsers allow few connections per host, and the workspace
 * needs its own.
 */
export function subscribeToAgents(listener: Listener): () => void {
  listeners.add(listener);
  source ??= open();
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      source?.close();
      source = null;
    }
  };
}
