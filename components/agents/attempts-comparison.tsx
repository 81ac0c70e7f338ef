'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { BranchDiff } from '@/components/github/branch-diff';
import { apiErrorMessage } from '@/lib/api-client';
import type { AttemptComparison } from '@/lib/agents/attempts';
import type { AgentView } from '@/lib/agents/queries';
import { subscribeToAgents } from '@/lib/realtime/client/agents-stream';
import { commandOutcome } from '@/lib/sandbox/summary';
import { StatusBadge } from './status-badge';
import { FormError } from '@/components/form-error';

/** One burst of changes (a commit, its cost, the status) reloads the comparison once. */
const RELOAD_DELAY_MS = 300;

const COLUMNS: Record<number, string> = { 1: 'md:grid-cols-1', 2: 'md:grid-cols-2', 3: 'md:grid-cols-3', 4: 'md:grid-cols-4' };

/** Changes whenever something the comparison shows can have changed (a turn's commit updates `updatedAt`). */
const versionOf = (agent: AgentView) => `${agent.status}|${agent.updatedAt}|${agent.deletedAt ?? ''}`;

function listAttempts(numbers: number[]): string {
  const names = numbers.map(String);
  return names.length <= 1 ? `attempt ${names[0] ?? ''}` : `attempts ${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/**
 * The attempts of one task side by side, live: each column's status, numbers and diff reload when the
 * agents stream reports a change to one of them. "Use this one" asks first, then opens the pull request
 * from that attempt and moves the others to the trash.
 */
export function AttemptsComparison({ userId, groupId, initial }: { userId: string; groupId: string; initial: AttemptComparison[] }) {
  const router = useRouter();
  const [attempts, setAttempts] = useState(initial);
  const [reloading, setReloading] = useState(false);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // What each attempt looked like when last loaded: the stream also reports worker heartbeats, which change nothing shown.
  const shown = useRef(new Map(initial.map(({ agent }) => [agent.id, versionOf(agent)])));
  const confirmButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let controller: AbortController | undefined;
    const reload = async () => {
      controller?.abort();
      controller = new AbortController();
      setReloading(true);
      try {
        const response = await fetch(`/api/agents/attempts/${groupId}`, { signal: controller.signal });
        if (!response.ok) throw new Error(await apiErrorMessage(response));
        const loaded = ((await response.json()) as { attempts: AttemptComparison[] }).attempts;
        shown.current = new Map(loaded.map(({ agent }) => [agent.id, versionOf(agent)]));
        setAttempts(loaded);
        setError(null);
      } catch (reason) {
        if (!controller.signal.aborted) setError(reason instanceof Error ? reason.message : 'Could not reload the attempts.');
      } finally {
        if (!controller.signal.aborted) setReloading(false);
      }
    };
    const unsubscribe = subscribeToAgents(userId, (message) => {
      const concerned =
        message.type === 'resync' ||
        (message.type === 'agent'
          ? message.agent.attemptGroup === groupId && shown.current.get(message.agent.id) !== versionOf(message.agent)
          : shown.current.has(message.id));
      if (!concerned) return;
      clearTimeout(timer);
      timer = setTimeout(() => void reload(), RELOAD_DELAY_MS);
    });
    return () => {
      clearTimeout(timer);
      controller?.abort();
      unsubscribe();
    };
  }, [groupId, userId]);

  useEffect(() => {
    if (confirming) confirmButton.current?.focus();
  }, [confirming]);

  async function confirmUse(agentId: string) {
    setBusy(true);
    setError(null);
    const response = await fetch(`/api/agents/attempts/${groupId}/choose`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ agentId }),
    });
    if (!response.ok) {
      setBusy(false);
      setConfirming(null);
      setError(await apiErrorMessage(response));
      return;
    }
    router.push(`/agents/${agentId}`);
  }

  const chosen = attempts.find((attempt) => attempt.agent.id === confirming);
  const others = attempts.filter((attempt) => attempt.agent.id !== confirming).map((attempt) => attempt.agent.attemptIndex ?? 0);
  return (
    <div className="space-y-4">
      <FormError>{error}</FormError>
      {chosen ? (
        <div
          role="alertdialog"
          aria-labelledby="use-attempt-title"
          aria-describedby="use-attempt-description"
          className="rounded-md border border-amber-300 dark:border-amber-700 bg-amber-50 dark:bg-amber-950 px-4 py-3 text-sm"
        >
          <p id="use-attempt-title" className="font-semibold">
            Use attempt {chosen.agent.attemptIndex}?
          </p>
          <p id="use-attempt-description" className="mt-1">
            This opens a pull request from its branch{others.length > 0 ? ` and moves ${listAttempts(others)} to the trash (you can restore them from there)` : ''}.
          </p>
          <div className="mt-3 flex gap-2">
            <button
              ref={confirmButton}
              type="button"
              disabled={busy}
              onClick={() => void confirmUse(chosen.agent.id)}
              className="rounded-md bg-indigo-600 px-3 py-1.5 font-medium text-white hover:bg-indigo-500 disabled:opacity-50"
            >
              {busy ? 'Opening the pull request…' : 'Open pull request'}
            </button>
            <button type="button" disabled={busy} onClick={() => setConfirming(null)} className="rounded-md px-3 py-1.5 hover:bg-amber-100 dark:hover:bg-amber-900">
              Keep comparing
            </button>
          </div>
        </div>
      ) : null}
      <ul aria-label="Attempts" aria-busy={reloading} className={`grid gap-4 ${COLUMNS[attempts.length] ?? 'md:grid-cols-4'}`}>
        {attempts.map((attempt) => (
          <AttemptColumn key={attempt.agent.id} attempt={attempt} onUse={() => setConfirming(attempt.agent.id)} disabled={busy || confirming !== null} />
        ))}
      </ul>
    </div>
  );
}

function AttemptColumn({ attempt, onUse, disabled }: { attempt: AttemptComparison; onUse: () => void; disabled: boolean }) {
  const { agent, branch, testRun } = attempt;
  const heading = `Attempt ${agent.attemptIndex}`;
  const headingId = `attempt-${agent.id}`;
  return (
    <li aria-labelledby={headingId} className="min-w-0 space-y-3 rounded-md border border-slate-200 dark:border-slate-700 p-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id={headingId} className="font-semibold">
          <Link href={`/agents/${agent.id}`} className="hover:underline">
            {heading}
          </Link>
        </h2>
        <StatusBadge status={agent.status} />
      </div>
      <dl className="grid grid-cols-2 gap-x-3 gap-y-1 text-sm">
        <dt className="text-slate-600 dark:text-slate-400">Files changed</dt>
        <dd data-testid="attempt-files">{attempt.filesChanged}</dd>
        <dt className="text-slate-600 dark:text-slate-400">Lines</dt>
        <dd>
          <span className="text-emerald-700 dark:text-emerald-300">+{attempt.additions}</span> <span className="text-red-700 dark:text-red-300">−{attempt.deletions}</span>
        </dd>
        <dt className="text-slate-600 dark:text-slate-400">Tests</dt>
        <dd>{testRun ? commandOutcome(testRun) : 'not run'}</dd>
        <dt className="text-slate-600 dark:text-slate-400">Cost</dt>
        <dd>{agent.costUsd === null ? '—' : `$${agent.costUsd.toFixed(4)}`}</dd>
      </dl>
      {agent.prUrl ? (
        <a href={agent.prUrl} target="_blank" rel="noreferrer" className="text-sm text-indigo-700 dark:text-indigo-300 hover:underline">
          PR #{agent.prNumber}
        </a>
      ) : attempt.usable ? (
        <button
          type="button"
          onClick={onUse}
          disabled={disabled}
          className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-500 disabled:opacity-50"
        >
          Use this one<span className="sr-only"> (attempt {agent.attemptIndex})</span>
        </button>
      ) : null}
      <div aria-label={`Changes of attempt ${agent.attemptIndex}`} role="region">
        {branch.state === 'ready' ? (
          <BranchDiff files={branch.comparison.files} base={branch.base} of={heading.toLowerCase()} />
        ) : branch.state === 'missing' ? (
          <p role="status" className="text-sm text-slate-600 dark:text-slate-400">
            {agent.status === 'queued' ? 'Queued: waiting for a free slot to start.' : 'Starting: the attempt makes its branch when its first turn runs.'}
          </p>
        ) : branch.state === 'failed' ? (
          <FormError look="inline" className="text-sm">
            Could not compare {agent.branch} with {agent.baseBranch}: {branch.message}
          </FormError>
        ) : (
          <p className="text-sm text-slate-600 dark:text-slate-400">This attempt has no branch.</p>
        )}
      </div>
    </li>
  );
}
