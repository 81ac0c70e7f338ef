'use client';

import type { Comparison } from '@/lib/github/compare';

const statusLetters: Record<string, { letter: string; className: string }> = {
  added: { letter: 'A', className: 'text-emerald-700 dark:text-emerald-300' },
  removed: { letter: 'D', className: 'text-red-700 dark:text-red-300' },
  modified: { letter: 'M', className: 'text-amber-700 dark:text-amber-300' },
  renamed: { letter: 'R', className: 'text-sky-700 dark:text-sky-300' },
};

/** The branch against the repository's default branch (GitHub's compare): changed files, each with its diff. */
export function ComparePanel({
  branch,
  defaultBranch,
  state,
  selected,
  onShow,
  onRetry,
}: {
  branch: string;
  defaultBranch: string | null;
  state: { result: Comparison | null; error: string | null } | null;
  selected: string | null;
  onShow: (path: string) => void;
  onRetry: () => void;
}) {
  if (!defaultBranch) return <p className="p-3 text-sm text-slate-600 dark:text-slate-400">The repository&apos;s default branch is unknown.</p>;
  if (branch === defaultBranch) {
    return <p className="p-3 text-sm text-slate-600 dark:text-slate-400">This is the default branch ({defaultBranch}); there is nothing to compare it with.</p>;
  }
  if (state?.error) {
    return (
      <div role="alert" className="m-2 rounded bg-red-50 dark:bg-red-950 p-2 text-sm text-red-800 dark:text-red-200">
        <p>{state.error}</p>
        <button type="button" onClick={onRetry} className="mt-1 rounded border border-red-300 dark:border-red-700 bg-white dark:bg-slate-950 px-2 py-0.5 text-xs font-medium">
          Try again
        </button>
      </div>
    );
  }
  if (!state?.result) {
    return (
      <p role="status" className="p-3 text-sm text-slate-600 dark:text-slate-400">
        Comparing with {defaultBranch}…
      </p>
    );
  }
  const { result } = state;
  return (
    <div className="flex h-full flex-col gap-2 overflow-auto p-2 text-sm">
      <p className="text-xs text-slate-600 dark:text-slate-400">
        {result.aheadBy} {result.aheadBy === 1 ? 'commit' : 'commits'} ahead of {defaultBranch}
        {result.behindBy ? `, ${result.behindBy} behind` : ''}. Committed changes only.
      </p>
      {result.files.length === 0 ? (
        <p className="text-slate-600 dark:text-slate-400">No file differs from {defaultBranch}.</p>
      ) : (
        <ul aria-label={`Files changed since ${defaultBranch}`} className="divide-y divide-slate-200 dark:divide-slate-700 rounded border border-slate-200 dark:border-slate-700 bg-white dark:bg-slate-950">
          {result.files.map((file) => {
            const status = statusLetters[file.status] ?? { letter: '•', className: 'text-slate-600 dark:text-slate-400' };
            return (
              <li key={file.path}>
                <button
                  type="button"
                  onClick={() => onShow(file.path)}
                  aria-label={`${file.path}, ${file.status}, ${file.additions} additions, ${file.deletions} deletions`}
                  className={`flex w-full items-center gap-2 px-2 py-1.5 text-left hover:bg-slate-50 dark:hover:bg-slate-900 ${selected === file.path ? 'bg-indigo-50 dark:bg-indigo-950' : ''}`}
                >
                  <span aria-hidden className={`w-3 shrink-0 text-xs font-bold ${status.className}`}>
                    {status.letter}
                  </span>
                  <span className="min-w-0 flex-1 truncate font-mono text-xs" title={file.path}>
                    {file.path}
                  </span>
                  <span aria-hidden className="shrink-0 text-xs">
                    <span className="text-emerald-700 dark:text-emerald-300">+{file.additions}</span> <span className="text-red-700 dark:text-red-300">−{file.deletions}</span>
                  </span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
