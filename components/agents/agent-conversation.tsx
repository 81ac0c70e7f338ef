'use client';

import { StepStateIcon } from '@/components/step-state-icon';
import { useRouter } from 'next/navigation';
import { type FormEvent, useEffect, useReducer, useRef, useState } from 'react';
import { type AgentEventLike, applyAgentEvent, changesPage, type Timeline } from '@/lib/agents/timeline';
import type { AgentStatus } from '@/lib/db/schema';
import { commandOutcome, formatDuration } from '@/lib/sandbox/summary';
import { CommandBlock, commandOf } from '@/components/sandbox/command-block';
import { StatusBadge } from './status-badge';
import { StepTime } from './step-time';
import { useAgentAction } from './use-agent-action';
import { FormError } from '@/components/form-error';

const ACTIVE: AgentStatus[] = ['queued', 'running', 'waiting'];
const PAGE_REFRESH_DELAY_MS = 150;

/**
 * The agent's conversation, live: the page renders the log up to `initial.lastEventId`, and the stream
 * continues from there (EventSource resends the last id on reconnect, so nothing is replayed twice).
 */
export function AgentConversation(props: {
  agentId: string;
  initial: Timeline;
  initialStatus: AgentStatus;
  /** A plan waits for approval: its panel offers Cancel beside Approve, so the header does not. */
  planPending?: boolean;
}) {
  const { agentId } = props;
  const [timeline, apply] = useReducer(
    (state: Timeline, event: AgentEventLike) =>
      state.lastEventId !== null && BigInt(event.id) <= BigInt(state.lastEventId) ? state : applyAgentEvent(state, event),
    props.initial,
  );
  const status = timeline.status ?? props.initialStatus;
  const [connected, setConnected] = useState(true);
  const [message, setMessage] = useState('');
  const { busy, error, post } = useAgentAction(agentId);
  const end = useRef<HTMLDivElement>(null);

  // Where the server-rendered log ended; later refreshes of the page must not restart the stream.
  const streamStart = useRef(props.initial.lastEventId);
  const router = useRouter();
  useEffect(() => {
    const after = streamStart.current;
    const source = new EventSource(`/api/agents/${agentId}/stream${after ? `?lastEventId=${after}` : ''}`);
    let refresh: ReturnType<typeof setTimeout> | undefined;
    source.addEventListener('agent-event', (message) => {
      const event = JSON.parse((message as MessageEvent<string>).data) as AgentEventLike;
      apply(event);
      // One refresh for a burst (commit, completed, status arrive together).
      if (changesPage(event)) {
        clearTimeout(refresh);
        refresh = setTimeout(() => router.refresh(), PAGE_REFRESH_DELAY_MS);
      }
    });
    source.onopen = () => setConnected(true);
    source.onerror = () => setConnected(source.readyState === EventSource.OPEN);
    return () => {
      clearTimeout(refresh);
      source.close();
    };
  }, [agentId, router]);

  useEffect(() => {
    end.current?.scrollIntoView?.({ block: 'end' });
  }, [timeline.items.length]);

  async function sendFollowUp(event: FormEvent) {
    event.preventDefault();
    if (await post('messages', { content: message })) setMessage('');
  }

  return (
    <section aria-label="Agent conversation" className="flex min-h-0 flex-col gap-4">
      <div className="flex items-center gap-3">
        <StatusBadge status={status} />
        {!connected ? (
          <span role="status" className="text-xs text-amber-800 dark:text-amber-200">
            Reconnecting…
          </span>
        ) : null}
        {ACTIVE.includes(status) && !(props.planPending && status === 'waiting') ? (
          <button
            type="button"
            disabled={busy}
            onClick={() => post('cancel')}
            className="ml-auto rounded-md border border-slate-300 dark:border-slate-600 px-3 py-1 text-sm hover:bg-slate-50 dark:hover:bg-slate-900"
          >
            Cancel
          </button>
        ) : null}
      </div>
      <ol aria-label="Steps" className="space-y-3">
        {timeline.items.map((item) => {
          switch (item.kind) {
            case 'user':
              return (
                <li key={item.id} className="rounded-md bg-indigo-50 dark:bg-indigo-950 px-3 py-2 text-sm whitespace-pre-wrap" aria-label="Your message">
                  <StepTime at={item.at} /> {item.text}
                </li>
              );
            case 'assistant':
              return (
                <li key={item.id} className="px-1 text-sm whitespace-pre-wrap" aria-label="Agent">
                  <StepTime at={item.at} /> {item.text}
                </li>
              );
            case 'tool':
              if (item.name === 'run_command') {
                return (
                  <li key={item.id} className="space-y-1">
                    <StepTime at={item.at} />
                    <CommandBlock
                      {...commandOf(item.input)}
                      output={item.liveOutput ?? item.output ?? ''}
                      summary={item.command}
                      running={item.output === undefined && ACTIVE.includes(status)}
                    />
                  </li>
                );
              }
              return (
                <li key={item.id} className="rounded-md border border-slate-200 dark:border-slate-700 text-sm">
                  <details>
                    <summary className="cursor-pointer px-3 py-1.5 font-mono text-xs">
                      <StepTime at={item.at} /> <StepStateIcon state={item.isError ? 'failed' : item.output === undefined ? 'running' : 'done'} /> {item.name}{' '}
                      <span className="text-slate-500 dark:text-slate-400">{summarizeInput(item.input)}</span>
                    </summary>
                    <pre className="max-h-64 overflow-auto border-t border-slate-100 dark:border-slate-800 bg-slate-50 dark:bg-slate-900 px-3 py-2 text-xs whitespace-pre-wrap">
                      {JSON.stringify(item.input, null, 2)}
                      {item.output !== undefined ? `\n\n${item.output}` : ''}
                    </pre>
                  </details>
                </li>
              );
            case 'commit':
              return (
                <li key={item.id} className="rounded-md border border-emerald-200 dark:border-emerald-800 bg-emerald-50 dark:bg-emerald-950 px-3 py-2 text-sm" aria-label="Commit">
                  <StepTime at={item.at} /> Committed <code className="font-mono">{item.sha.slice(0, 7)}</code>: {item.message}
                  <span className="block text-xs text-emerald-900 dark:text-emerald-100">{item.files.join(', ')}</span>
                  {item.testRun ? (
                    <span data-testid="commit-test-run" className="mt-1 block text-xs text-emerald-950">
                      Tests: <code className="font-mono">{item.testRun.command}</code> {commandOutcome(item.testRun)} in {formatDuration(item.testRun.durationMs)}
                    </span>
                  ) : null}
                </li>
              );
            case 'notice':
              return (
                <li
                  key={item.id}
                  role={item.tone === 'error' ? 'alert' : undefined}
                  className={`text-xs ${item.tone === 'error' ? 'text-red-700 dark:text-red-300' : item.tone === 'success' ? 'text-emerald-800 dark:text-emerald-200' : 'text-slate-600 dark:text-slate-400'}`}
                >
                  <StepTime at={item.at} /> {item.text}
                </li>
              );
          }
        })}
      </ol>
      <div ref={end} />
      <FormError>{error}</FormError>
      <form onSubmit={sendFollowUp} className="flex gap-2">
        <textarea
          aria-label="Follow-up message"
          value={message}
          onChange={(event) => setMessage(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && (event.metaKey || event.ctrlKey)) event.currentTarget.form?.requestSubmit();
          }}
          rows={2}
          placeholder="Steer the agent or ask for more (Ctrl+Enter to send)…"
          className="flex-1 rounded-md border border-slate-300 dark:border-slate-600 px-3 py-2 text-sm"
        />
        <button
          type="submit"
          disabled={busy || !message.trim()}
          className="self-end rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-500 disabled:opacity-50"
        >
          Send
        </button>
      </form>
    </section>
  );
}

function summarizeInput(input: unknown): string {
  if (input && typeof input === 'object' && 'path' in input && typeof input.path === 'string') return input.path;
  return '';
}
