'use client';

import { useEffect, useState } from 'react';
import { branchStatus } from '@/app/github/[owner]/[repo]/[branch]/actions';
import { useCollab, useCollabSnapshot } from '@/components/workspace/collab/collab-provider';
import { loadStaged, onStagedSaved } from '@/lib/code/staging-store';
import type { AheadBehind } from '@/lib/github/compare';
import type { ConnectionStatus } from '@/lib/realtime/client/workspace-connection';
import { commitOf } from '@/lib/workspace/activity';
import { displayName } from '@/lib/workspace/collab-protocol';
import type { BranchKey } from '@/lib/workspace/ui-state';
import { useShell } from './shell-context';

const CONNECTION_TEXT: Record<ConnectionStatus, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  offline: 'Offline',
};

type Divergence = { state: 'loading' } | { state: 'failed' } | { state: 'ready'; counts: AheadBehind | null };

/** Where the branch stands against the default branch, read once and again after every commit to it. */
function useDivergence(owner: string, repo: string, branch: string): Divergence {
  const { connection } = useCollab();
  const [divergence, setDivergence] = useState<Divergence>({ state: 'loading' });
  useEffect(() => {
    let cancelled = false;
    const load = () =>
      branchStatus({ owner, repo, branch }).then(
        (result) => !cancelled && setDivergence(result.ok ? { state: 'ready', counts: result.data } : { state: 'failed' }),
        () => !cancelled && setDivergence({ state: 'failed' }),
      );
    void load();
    const stop = connection.onEvent((event) => {
      if (commitOf(event)) void load();
    });
    return () => {
      cancelled = true;
      stop();
    };
  }, [connection, owner, repo, branch]);
  return divergence;
}

/** How many changes this user has staged on the branch (in any editor), following every save in this tab. */
function useStagedCount([userId, owner, repo, branch]: BranchKey): number | null {
  const [count, setCount] = useState<number | null>(null);
  useEffect(() => {
    let cancelled = false;
    const key = [userId, owner, repo, branch] as const;
    loadStaged([...key]).then(
      (state) => !cancelled && setCount(state ? Object.keys(state.changes).length : 0),
      () => !cancelled && setCount(null),
    );
    const stop = onStagedSaved((saved, state) => {
      if (saved.every((part, index) => part === key[index])) setCount(Object.keys(state.changes).length);
    });
    return () => {
      cancelled = true;
      stop();
    };
  }, [userId, owner, repo, branch]);
  return count;
}

function divergenceText(divergence: Divergence): string {
  if (divergence.state === 'loading') return 'Comparing…';
  if (divergence.state === 'failed') return 'Could not compare';
  if (!divergence.counts) return 'Default branch';
  const { aheadBy, behindBy, base } = divergence.counts;
  return `${aheadBy} ahead, ${behindBy} behind ${base}`;
}

/** The bottom line of every workspace page, as in VS Code: branch, ahead/behind, staged changes, connection, people. */
export function StatusBar() {
  const { branchKey } = useShell();
  const [, owner, repo, branch] = branchKey;
  const { status, people } = useCollabSnapshot();
  const divergence = useDivergence(owner, repo, branch);
  const staged = useStagedCount(branchKey);
  const names = people.map((entry) => displayName(entry.user));
  const company = names.length === 0 ? 'Only you' : names.length <= 2 ? `You and ${names.join(' and ')}` : `You and ${names.length} others`;
  const item = 'flex min-w-0 items-center gap-1 truncate';
  return (
    <section
      aria-label="Status bar"
      className="flex shrink-0 flex-wrap items-center gap-x-4 gap-y-0.5 border-t border-slate-200 bg-slate-50 px-3 py-1 text-xs text-slate-700 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-300"
    >
      <span className={item} data-testid="status-branch">
        <span className="sr-only">Branch </span>
        <span className="truncate font-mono">{branch}</span>
      </span>
      <span className={item} data-testid="status-divergence">
        {divergenceText(divergence)}
      </span>
      <span className={item} data-testid="status-staged">
        {staged === null ? 'Staged changes unknown' : staged === 0 ? 'No staged changes' : `${staged} staged`}
      </span>
      <span className="flex-1" />
      <p role="status" aria-label="Connection" className={item}>
        <span aria-hidden className={`h-2 w-2 shrink-0 rounded-full ${status === 'live' ? 'bg-emerald-500' : status === 'offline' ? 'bg-slate-400' : 'animate-pulse bg-amber-500'}`} />
        {CONNECTION_TEXT[status]}
      </p>
      <span className={item} data-testid="status-people" title={names.join(', ') || undefined}>
        {company}
      </span>
    </section>
  );
}
