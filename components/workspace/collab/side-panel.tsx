'use client';

import { X } from 'lucide-react';
import type { ReactNode } from 'react';
import { useCollab } from './collab-provider';

/** The frame of a side panel of the workspace (Activity, Agents): its heading, a close button, Escape closes it. */
export function SidePanel({ id, label, heading, children }: { id: string; label: string; heading: string; children: ReactNode }) {
  const { setActivityOpen } = useCollab();
  return (
    <aside
      id={id}
      aria-label={label}
      className="flex h-full w-full flex-col border-l border-slate-200 dark:border-slate-700 bg-slate-50 dark:bg-slate-900"
      onKeyDown={(event) => {
        if (event.key === 'Escape') setActivityOpen(false);
      }}
    >
      <div className="flex items-center justify-between border-b border-slate-200 dark:border-slate-700 px-4 py-2">
        <h2 className="text-sm font-semibold">{heading}</h2>
        <button
          type="button"
          onClick={() => setActivityOpen(false)}
          className="rounded px-1.5 text-slate-600 dark:text-slate-400 hover:bg-slate-200 dark:hover:bg-slate-700"
          aria-label={`Close ${label.toLowerCase()}`}
        >
          <X aria-hidden className="h-4 w-4" />
        </button>
      </div>
      {children}
    </aside>
  );
}
