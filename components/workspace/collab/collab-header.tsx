'use client';

import { idleMinutes } from '@/lib/realtime/client/presence-roster';
import { displayName } from '@/lib/workspace/collab-protocol';
import { workspaceTabs } from '@/lib/workspace/urls';
import type { ConnectionStatus } from '@/lib/realtime/client/workspace-connection';
import { Avatar } from './avatar';
import { useCollab, useCollabSnapshot } from './collab-provider';
import { useNow } from './hooks';

const STATUS_TEXT: Record<ConnectionStatus, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  offline: 'Offline',
};

/** Header part of the workspace: connection state, who else is here (and where), the activity toggle. */
export function CollabHeader() {
  const { people, status } = useCollabSnapshot();
  const { activityOpen, setActivityOpen } = useCollab();
  const now = useNow(15_000);
  return (
    <div className="flex items-center gap-3">
      <p role="status" aria-label="Connection" className="flex items-center gap-1.5 text-xs text-slate-600 dark:text-slate-400">
        <span aria-hidden className={`h-2 w-2 rounded-full ${status === 'live' ? 'bg-emerald-500' : status === 'offline' ? 'bg-slate-400 dark:bg-slate-500' : 'animate-pulse bg-amber-500'}`} />
        <span className={status === 'live' ? 'sr-only' : ''}>{STATUS_TEXT[status]}</span>
      </p>
      {people.length > 0 ? (
        <ul aria-label="People on this branch" className="flex items-center gap-2">
          {people.map((entry) => {
            const page = workspaceTabs.find((tab) => tab.page === entry.page)?.label ?? entry.page;
            const idle = idleMinutes(entry, now);
            const label = `${displayName(entry.user)} — ${page}${idle === null ? '' : `, idle ${idle} min`}`;
            return (
              <li key={entry.user.id} aria-label={label} title={label} className={idle === null ? undefined : 'opacity-50 grayscale'}>
                <Avatar user={entry.user} />
              </li>
            );
          })}
        </ul>
      ) : null}
      <button
        type="button"
        aria-expanded={activityOpen}
        aria-controls="workspace-activity"
        onClick={() => setActivityOpen(!activityOpen)}
        className={`rounded-md px-2 py-1 text-sm ${activityOpen ? 'bg-indigo-50 dark:bg-indigo-950 text-indigo-800 dark:text-indigo-200' : 'text-slate-700 dark:text-slate-300 hover:bg-slate-100 dark:hover:bg-slate-800'}`}
      >
        Activity
      </button>
    </div>
  );
}
