import type { AgentStatus } from '@/lib/db/schema';

const ATTENTION: Partial<Record<AgentStatus, string>> = {
  completed: 'finished',
  failed: 'failed',
  waiting: 'is waiting for you',
};

/**
 * When an agent finishes or waits while the user looks elsewhere: a browser notification (if the
 * user allowed them) and a marker in the tab title until the tab is focused again.
 */
export function announceAgentStatus(agent: { id: string; taskRequest: string }, previous: AgentStatus | undefined, status: AgentStatus): void {
  const verb = ATTENTION[status];
  if (!verb || previous === status) return;
  const title = `Agent ${verb}`;
  if (typeof Notification !== 'undefined' && Notification.permission === 'granted') {
    new Notification(title, { body: agent.taskRequest.slice(0, 120), tag: `agent-${agent.id}` });
  }
  if (document.visibilityState === 'visible' && document.hasFocus()) return;
  const original = document.title.replace(/^\(\d+\) /, '');
  const count = Number(/^\((\d+)\) /.exec(document.title)?.[1] ?? 0) + 1;
  document.title = `(${count}) ${original}`;
  window.addEventListener('focus', () => (document.title = original), { once: true });
}

/**
 * Whether the agent belongs under "Needs you" in the list: it waits for its owner, failed, or finished
 * without its owner having looked at it since.
 */
export function needsYou(agent: { status: AgentStatus; unseenSince: string | null }): boolean {
  return agent.status === 'waiting' || agent.status === 'failed' || (agent.status === 'completed' && agent.unseenSince !== null);
}
