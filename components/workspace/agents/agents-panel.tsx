'use client';

import { Square } from 'lucide-react';
import Link from 'next/link';
import { type FormEvent, useCallback, useEffect, useId, useRef, useState } from 'react';
import { useCollab, useCollabSnapshot } from '@/components/workspace/collab/collab-provider';
import { ParticipantAvatar } from '@/components/workspace/collab/participant-avatar';
import { SidePanel } from '@/components/workspace/collab/side-panel';
import type { BranchAgentView } from '@/lib/agents/branch-agents';
import { apiErrorMessage } from '@/lib/api-client';
import { participantStepOf } from '@/lib/workspace/activity';
import { useStartFocus } from './agents-panel-requests';
import { FormError } from '@/components/form-error';

interface Props {
  owner: string;
  repo: string;
  branch: string;
  /** Write access: start, follow up and stop. Readers watch. */
  canWrite: boolean;
}

type Loaded = { agents: BranchAgentView[] | null; error: string | null };

/** POSTs JSON; a refusal becomes an Error carrying the API's sentence. */
async function postJson(url: string, body: unknown): Promise<void> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(await apiErrorMessage(response));
}

const buttonClass = 'rounded-md px-2 py-1 text-sm font-medium disabled:opacity-50';

/**
 * The agents at work on this branch, whoever started them, each with its live log (its steps as they
 * reach the branch's activity feed) and what it is doing now (its presence). People with write access
 * start an agent on this very branch, follow one up or stop it; readers watch.
 */
export function AgentsPanel({ owner, repo, branch, canWrite }: Props) {
  const { events } = useCollabSnapshot();
  const [loaded, setLoaded] = useState<Loaded>({ agents: null, error: null });
  const taskRef = useRef<HTMLTextAreaElement>(null);

  // Every change of an agent's status is told on the branch's stream (a status step): the list is read
  // again when one arrives, and no sooner.
  const lastStatusStep = events.filter((event) => participantStepOf(event)?.status).at(-1)?.id ?? null;

  const refresh = useCallback(async () => {
    try {
      const response = await fetch(`/api/workspace/agents?${new URLSearchParams({ owner, repo, branch })}`, { cache: 'no-store' });
      if (!response.ok) throw new Error(await apiErrorMessage(response));
      const { agents } = (await response.json()) as { agents: BranchAgentView[] };
      setLoaded({ agents, error: null });
    } catch (error) {
      setLoaded((current) => ({ agents: current.agents, error: error instanceof Error ? error.message : 'Could not load the agents.' }));
    }
  }, [owner, repo, branch]);

  useEffect(() => {
    void refresh();
  }, [refresh, lastStatusStep]);

  useStartFocus(() => taskRef.current?.focus());

  return (
    <SidePanel id="workspace-agents" label="Agents" heading="Agents on this branch">
      <div className="min-h-0 flex-1 space-y-4 overflow-auto px-4 py-3">
        {canWrite ? (
          <StartAgentForm owner={owner} repo={repo} branch={branch} taskRef={taskRef} onStarted={refresh} />
        ) : (
          <p className="text-sm text-slate-600 dark:text-slate-400">You have read-only access: you can watch the agents here; starting, following up and stopping them need write access.</p>
        )}
        <FormError look="inline" className="text-sm">{loaded.error}</FormError>
        {loaded.agents === null ? (
          loaded.error ? null : <p className="text-sm text-slate-500 dark:text-slate-400">Loading agents…</p>
        ) : loaded.agents.length === 0 ? (
          <p className="text-sm text-slate-500 dark:text-slate-400">No agent has worked on this branch lately.</p>
        ) : (
          <ul aria-label="Agents of this branch" className="space-y-4">
            {loaded.agents.map((agent) => (
              <AgentCard key={agent.id} agent={agent} canWrite={canWrite} onChanged={refresh} />
            ))}
          </ul>
        )}
      </div>
    </SidePanel>
  );
}

function StartAgentForm({ owner, repo, branch, taskRef, onStarted }: Pick<Props, 'owner' | 'repo' | 'branch'> & { taskRef: React.RefObject<HTMLTextAreaElement | null>; onStarted: () => Promise<void> }) {
  const id = useId();
  const [task, setTask] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await postJson('/api/workspace/agents', { owner, repo, branch, taskRequest: task });
      setTask('');
      await onStarted();
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : 'Could not start the agent.');
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} className="space-y-2">
      <label htmlFor={id} className="block text-sm font-medium">
        Start an agent on this branch
      </label>
      <textarea
        id={id}
        ref={taskRef}
        value={task}
        onChange={(event) => setTask(event.target.value)}
        rows={3}
        placeholder="What should it do? Its commits land on this branch."
        className="w-full rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-600 dark:bg-slate-950"
      />
      <FormError look="inline" className="text-sm">{error}</FormError>
      <button type="submit" disabled={busy || !task.trim()} className={`${buttonClass} bg-indigo-600 text-white hover:bg-indigo-700`}>
        {busy ? 'Starting…' : 'Start agent'}
      </button>
    </form>
  );
}

function AgentCard({ agent, canWrite, onChanged }: { agent: BranchAgentView; canWrite: boolean; onChanged: () => Promise<void> }) {
  const { people, events } = useCollabSnapshot();
  const { selfId } = useCollab();
  const presence = people.find((entry) => entry.participant?.agentId === agent.id);
  const log = events.filter((event) => participantStepOf(event)?.agentId === agent.id);
  const title = agent.taskRequest.split('\n')[0]!;
  return (
    <li aria-label={`Agent: ${title}`} data-agent-id={agent.id} className="space-y-2 rounded-md border border-slate-200 bg-white p-3 text-sm dark:border-slate-700 dark:bg-slate-950">
      <div className="flex items-start gap-2">
        {presence?.participant ? <ParticipantAvatar user={presence.user} participant={presence.participant} size={22} /> : null}
        <div className="min-w-0 flex-1">
          {/* An agent's own page is its owner's; the others follow it here. */}
          {agent.startedById === selfId ? (
            <Link href={`/agents/${agent.id}`} className="break-words font-medium text-indigo-700 hover:underline dark:text-indigo-300">
              {title}
            </Link>
          ) : (
            <p className="break-words font-medium">{title}</p>
          )}
          <p className="text-xs text-slate-600 dark:text-slate-400">
            Started by {agent.startedBy} · <span data-testid="agent-status">{agent.active && agent.cancelRequested ? 'stopping' : agent.status}</span>
          </p>
        </div>
      </div>
      {presence?.participant?.activity ? <p className="text-slate-700 dark:text-slate-300">Now: {presence.participant.activity}</p> : null}
      {log.length > 0 ? (
        <ol aria-label="Live log" className="space-y-0.5 text-xs text-slate-600 dark:text-slate-400">
          {log.map((event) => (
            <li key={event.id} className="break-words">
              {participantStepOf(event)?.text}
            </li>
          ))}
        </ol>
      ) : (
        <p className="text-xs text-slate-500 dark:text-slate-400">No steps on this branch yet.</p>
      )}
      {canWrite ? <AgentControls agent={agent} onChanged={onChanged} /> : null}
    </li>
  );
}

function AgentControls({ agent, onChanged }: { agent: BranchAgentView; onChanged: () => Promise<void> }) {
  const id = useId();
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState<'send' | 'stop' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState(false);
  const post = async (kind: 'send' | 'stop') => {
    setBusy(kind);
    setError(null);
    setSent(false);
    try {
      await postJson(`/api/workspace/agents/${encodeURIComponent(agent.id)}/${kind === 'send' ? 'messages' : 'cancel'}`, kind === 'send' ? { content: message } : {});
      if (kind === 'send') {
        setMessage('');
        setSent(true);
      }
      await onChanged();
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : 'The request failed.');
    } finally {
      setBusy(null);
    }
  };
  return (
    <div className="space-y-2">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void post('send');
        }}
        className="flex gap-2"
      >
        <label htmlFor={id} className="sr-only">
          Follow-up message
        </label>
        <input
          id={id}
          value={message}
          onChange={(event) => setMessage(event.target.value)}
          placeholder="Follow up…"
          className="min-w-0 flex-1 rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-600 dark:bg-slate-950"
        />
        <button type="submit" disabled={busy !== null || !message.trim()} className={`${buttonClass} border border-slate-300 dark:border-slate-600`}>
          Send
        </button>
      </form>
      {agent.active ? (
        <button
          type="button"
          onClick={() => void post('stop')}
          disabled={busy !== null || agent.cancelRequested}
          className={`${buttonClass} inline-flex items-center gap-1 border border-red-300 text-red-700 hover:bg-red-50 dark:border-red-800 dark:text-red-300 dark:hover:bg-red-950`}
        >
          <Square aria-hidden className="h-3.5 w-3.5" />
          Stop agent
        </button>
      ) : null}
      {sent ? <p role="status" className="text-xs text-slate-600 dark:text-slate-400">Sent: the agent answers it in its next turn.</p> : null}
      <FormError look="inline" className="text-xs">{error}</FormError>
    </div>
  );
}
