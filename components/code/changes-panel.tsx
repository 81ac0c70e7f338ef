'use client';

import type { StagedChange } from '@/lib/code/staging';
import type { PersistStatus } from './use-staged-changes';

const kindLabels: Record<StagedChange['kind'], { letter: string; word: string; className: string }> = {
  create: { letter: 'A', word: 'added', className: 'text-emerald-700 dark:text-emerald-300' },
  edit: { letter: 'M', word: 'modified', className: 'text-amber-700 dark:text-amber-300' },
  delete: { letter: 'D', word: 'deleted', className: 'text-red-700 dark:text-red-300' },
  rename: { letter: 'R', word: 'renamed', className: 'text-sky-700 dark:text-sky-300' },
};

function persistText(status: PersistStatus): string {
  if (status.state === 'loading') return 'Loading staged changes…';
  if (status.state === 'saving') return 'Saving in this browser…';
  if (status.state === 'failed') return `Could not save in this browser: ${status.message}`;
  return 'Saved in this browser until you commit.';
}

/** Everything staged on this branch, each with its diff, until one commit writes it all. */
export function ChangesPanel({
  items,
  canWrite,
  persistStatus,
  branchMoved,
  selected,
  onShow,
  onDiscard,
  onCommit,
}: {
  items: Array<{ path: string; change: StagedChange }>;
  canWrite: boolean;
  persistStatus: PersistStatus;
  branchMoved: boolean;
  selected: string | null;
  onShow: (path: string) => void;
  onDiscard: (path: string) => void;
  onCommit: () => void;
}) {
  return (
    <div className="flex h-full flex-col gap-2 overflow-auto p-2 text-sm">
      <p data-testid="staging-status" data-state={persistStatus.state} className={`text-xs ${persistStatus.state === 'failed' ? 'text-red-700 dark:text-red-300' : 'text-slate-600 dark:text-slate-400'}`}>
        {persistText(persistStatus)}
      </p>
      {branchMoved ? (
        <p className="rounded bg-sky-50 dark:bg-sky-950 px-2 py-1 text-xs text-sky-900 dark:text-sky-100">
          The branch has new commits since these changes were staged. Committing puts them on top, or shows the files someone else changed too.
        </p>
      ) : null}
      {items.length === 0 ? (
        <p className="text-slate-600 dark:text-slate-400">No staged changes. Edits, new files, renames and deletions collect here until you commit them.</p>
      ) : (
        <>
          <ul aria-label="Staged changes" className="divide-y divide-slate-200 dark:divide-slate-700 rounded border border-slate-200 dark:border-slate-700 bg-white dark:bg-slate-950">
            {items.map(({ path, change }) => {
              const label = kindLabels[change.kind];
              return (
                <li key={path} className={`flex items-center gap-1 ${selected === path ? 'bg-indigo-50 dark:bg-indigo-950' : ''}`}>
                  <button
                    type="button"
                    onClick={() => onShow(path)}
                    aria-label={`${path}, ${label.word}${change.kind === 'rename' ? ` from ${change.from}` : ''}`}
                    className="flex min-w-0 flex-1 items-center gap-2 px-2 py-1.5 text-left hover:bg-slate-50 dark:hover:bg-slate-900"
                  >
                    <span aria-hidden className={`w-3 shrink-0 text-xs font-bold ${label.className}`}>
                      {label.letter}
                    </span>
                    <span className="min-w-0 break-all font-mono text-xs">
                      {path}
                      {change.kind === 'rename' ? <span className="text-slate-500 dark:text-slate-400"> ← {change.from}</span> : null}
                    </span>
                  </button>
                  {canWrite ? (
                    <button
                      type="button"
                      onClick={() => onDiscard(path)}
                      aria-label={`Discard changes to ${path}`}
                      title="Discard"
                      className="shrink-0 px-2 py-1 text-xs text-slate-500 dark:text-slate-400 hover:text-red-700 dark:hover:text-red-300"
                    >
                      Discard
                    </button>
                  ) : null}
                </li>
              );
            })}
          </ul>
          {canWrite ? (
            <button type="button" onClick={onCommit} className="rounded-md bg-indigo-600 px-3 py-1.5 font-medium text-white hover:bg-indigo-700">
              Commit {items.length} {items.length === 1 ? 'change' : 'changes'}…
            </button>
          ) : null}
        </>
      )}
    </div>
  );
}
