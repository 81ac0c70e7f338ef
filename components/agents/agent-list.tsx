'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { needsYou } from '@/lib/agents/attention';
import type { AgentView } from '@/lib/agents/queries';
import { IssueLink } from './issue-link';
import { subscribeToAgents } from '@/lib/realtime/client/agents-stream';
import { StatusBadge } from './status-badge';
import { apiErrorMessage } from '@/lib/api-client';
import { FormError } from '@/components/form-error';

const LIST_CLASS = 'divide-y divide-slate-100 dark:divide-slate-800 rounded-md border border-slate-200 dark:border-slate-700';

function relativeTime(iso: string): string {
  const seconds = Math.round((Date.now() - new Date(iso).getTime()) / 1000);
  if (seconds < 60) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return new Date(iso).toLocaleDateString('en');
}


/** The user's agents, kept current by the agent list stream: status changes appear without reload. */
/** What the list is narrowed to: the search words and the status filter's label. */
export interface AgentFilter {
  query?: string;
  status?: string;
}

/** "No running agents match “login”": says what is empty when a filter narrowed the list. */
function emptyTitle({ query, status }: AgentFilter, trash: boolean): string | null {
  if (!query && !status) return null;
  const agents = `${status ? `${status.toLowerCase()} ` : ''}agents${trash ? ' in the trash' : ''}`;
  return query ? `No ${agents} match “${query}”` : `No ${agents}`;
}

export function AgentList({
  userId,
  initialAgents,
  trash,
  filter,
  startHint,
}: {
  /** Whose agents: the user's tabs share one stream of them. */
  userId: string;
  initialAgents: AgentView[];
  trash: boolean;
  filter: AgentFilter;
  /** How to start an agent, or why this user cannot. */
  startHint: string;
}) {
  const router = useRouter();
  const [agents, setAgents] = useState(initialAgents);
  const [shownInitial, setShownInitial] = useState(initialAgents);
  const [error, setError] = useState<string | null>(null);
  // A server refresh (filters, trash actions) brings a new list: it replaces what the stream built.
  if (initialAgents !== shownInitial) {
    setShownInitial(initialAgents);
    setAgents(initialAgents);
  }

  useEffect(
    () =>
      subscribeToAgents(userId, (message) => {
        if (message.type === 'resync') router.refresh();
        else if (message.type === 'removed') setAgents((current) => current.filter((agent) => agent.id !== message.id));
        else {
          const { agent } = message;
          setAgents((current) => {
            const inView = (agent.deletedAt !== null) === trash;
            const rest = current.filter((existing) => existing.id !== agent.id);
            return inView ? [agent, ...rest].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt)) : rest;
          });
        }
      }),
    [router, trash, userId],
  );

  async function act(agent: AgentView, action: 'trash' | 'restore' | 'delete') {
    setError(null);
    const request =
      action === 'restore'
        ? fetch(`/api/agents/${agent.id}/restore`, { method: 'POST' })
        : fetch(`/api/agents/${agent.id}${action === 'delete' ? '?permanent=1' : ''}`, { method: 'DELETE' });
    const response = await request;
    if (!response.ok) setError(await apiErrorMessage(response));
    else router.refresh();
  }

  if (agents.length === 0) {
    const filtered = emptyTitle(filter, trash);
    return (
      <div className="rounded-md border border-dashed border-slate-300 dark:border-slate-600 px-6 py-10 text-center text-slate-600 dark:text-slate-400">
        <p className="font-medium text-slate-800 dark:text-slate-200">{filtered ?? (trash ? 'The trash is empty' : 'No agents yet')}</p>
        <p className="mt-1 text-sm">
          {filtered ? (
            <Link href={trash ? '/agents?trash=1' : '/agents'} className="text-indigo-700 dark:text-indigo-300 hover:underline">
              Show all {trash ? 'agents in the trash' : 'agents'}
            </Link>
          ) : trash ? (
            'Agents you delete stay here until you delete them forever.'
          ) : (
            startHint
          )}
        </p>
      </div>
    );
  }
  // Waiting, failed and unseen finished agents come first; in the trash nothing needs anyone.
  const needing = trash ? [] : agents.filter(needsYou);
  const others = trash ? agents : agents.filter((agent) => !needsYou(agent));
  const row = (agent: AgentView) => (
    <li key={agent.id} className="flex flex-wrap items-center gap-x-4 gap-y-1 px-4 py-3" data-agent-id={agent.id}>
      {/* At phone width the status and actions go to a line of their own rather than squeeze the title. */}
      <div className="min-w-0 flex-1 basis-48">
        <Link href={`/agents/${agent.id}`} className="block truncate font-medium hover:underline">
          {agent.taskRequest}
        </Link>
        <p className="mt-0.5 truncate text-xs text-slate-600 dark:text-slate-400">
          {agent.owner}/{agent.repo}
          {agent.issue ? (
            <>
              {' · '}
              <IssueLink issue={agent.issue} />
            </>
          ) : null}
          {' · '}
          <span className="font-mono">{agent.branch}</span> · {relativeTime(agent.updatedAt)}
          {agent.costUsd !== null ? ` · $${agent.costUsd.toFixed(4)}` : ''}
          {agent.prNumber !== null ? ` · PR #${agent.prNumber}` : ''}
          {agent.attemptGroup ? (
            <>
              {` · attempt ${agent.attemptIndex} · `}
              <Link href={`/agents/attempts/${agent.attemptGroup}`} className="text-indigo-700 dark:text-indigo-300 underline">
                Compare attempts
              </Link>
            </>
          ) : null}
        </p>
      </div>
      <StatusBadge status={agent.status} />
      {trash ? (
        <span className="flex gap-1">
          <button type="button" onClick={() => act(agent, 'restore')} className="rounded-md px-2 py-1 text-sm hover:bg-slate-100 dark:hover:bg-slate-800">
            Restore
          </button>
          <button type="button" onClick={() => act(agent, 'delete')} className="rounded-md px-2 py-1 text-sm text-red-700 dark:text-red-300 hover:bg-red-50 dark:hover:bg-red-950">
            Delete forever
          </button>
        </span>
      ) : (
        <button
          type="button"
          onClick={() => act(agent, 'trash')}
          className="rounded-md px-2 py-1 text-sm dark:border-slate-600 text-slate-600 dark:text-slate-400 hover:bg-slate-100 dark:hover:bg-slate-800"
        >
          {/* Named by its visible words, which voice control users say, with the task for screen readers. */}
          Move<span className="sr-only"> “{agent.taskRequest.slice(0, 40)}”</span> to the trash
        </button>
      )}
    </li>
  );
  return (
    <>
      <FormError className="mb-3">{error}</FormError>
      {needing.length > 0 ? (
        <section aria-labelledby="needs-you-heading" className="mb-4">
          <h2 id="needs-you-heading" className="mb-2 text-sm font-semibold">
            Needs you
          </h2>
          <ul aria-label="Agents that need you" className={LIST_CLASS}>
            {needing.map(row)}
          </ul>
        </section>
      ) : null}
      {others.length > 0 ? (
        <ul aria-label="Agents" className={LIST_CLASS}>
          {others.map(row)}
        </ul>
      ) : null}
    </>
  );
}
