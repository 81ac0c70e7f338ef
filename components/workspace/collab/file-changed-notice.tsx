'use client';

import { describeActivity } from '@/lib/workspace/activity';
import { useFileChanged } from './hooks';

/** Shown over an open file that someone else changed: reload it, or keep the local version. */
export function FileChangedNotice({ path, onReload }: { path: string; onReload: () => void }) {
  const { change, dismiss } = useFileChanged(path);
  if (!change) return null;
  return (
    <div role="alert" className="flex flex-wrap items-center gap-3 border-b border-amber-200 dark:border-amber-800 bg-amber-50 dark:bg-amber-950 px-4 py-2 text-sm text-amber-900 dark:text-amber-100">
      <span>{describeActivity(change.event)}: this file changed since you opened it.</span>
      <button
        type="button"
        onClick={() => {
          dismiss();
          onReload();
        }}
        className="rounded-md bg-amber-600 px-2 py-1 font-medium text-white hover:bg-amber-700"
      >
        Reload
      </button>
      <button type="button" onClick={dismiss} className="rounded-md px-2 py-1 hover:bg-amber-100 dark:hover:bg-amber-900">
        Keep mine
      </button>
    </div>
  );
}
