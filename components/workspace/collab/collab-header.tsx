'use client';

import { idleMinutes } from '@/lib/realtime/client/presence-roster';
import { displayName } from '@/lib/workspace/collab-protocol';
import { workspaceTabs } from '@/lib/workspace/urls';
import { Avatar } from './avatar';
import { useCollab, useCollabSnapshot } from './collab-provider';
import { useNow } from './hooks';
import { ParticipantAvatar } from './participant-avatar';

/**
 * Header part of the workspace: who else is here (and where) — people, and the agents and Live Chat turns
 * at work on the branch — and the toggles of the side panels. The connection state is in the status bar.
 */
export function CollabHeader() {
  const { people } = useCollabSnapshot();
  const { activityOpen, setActivityOpen, sidePanel, showSidePanel } = useCollab();
  const now = useNow(15_000);
  const agents = people.filter((entry) => entry.participant?.kind === 'agent').length;
  const toggle = (panel: 'activity' | 'agents') => (activityOpen && sidePanel === panel ? setActivityOpen(false) : showSidePanel(panel));
  const toggleClass = (panel: 'activity' | 'agents') =>
    `rounded-md px-2 py-1 text-sm ${activityOpen && sidePanel === panel ? 'bg-indigo-50 dark:bg-indigo-950 text-indigo-800 dark:text-indigo-200' : 'text-slate-700 dark:text-slate-300 hover:bg-slate-100 dark:hover:bg-slate-800'}`;
  return (
    <div className="flex items-center gap-3">
      {people.length > 0 ? (
        <ul aria-label="People on this branch" className="flex items-center gap-2">
          {people.map((entry) => {
            const page = workspaceTabs.find((tab) => tab.page === entry.page)?.label ?? entry.page;
            if (entry.participant) {
              const where = entry.participant.activity ?? page;
              const label = `${entry.participant.label} — ${where}`;
              return (
                <li key={entry.user.id} aria-label={label} title={label}>
                  <ParticipantAvatar user={entry.user} participant={entry.participant} />
                </li>
              );
            }
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
      <button type="button" aria-expanded={activityOpen && sidePanel === 'agents'} aria-controls="workspace-agents" onClick={() => toggle('agents')} className={toggleClass('agents')}>
        Agents{agents > 0 ? ` (${agents})` : ''}
      </button>
      <button type="button" aria-expanded={activityOpen && sidePanel === 'activity'} aria-controls="workspace-activity" onClick={() => toggle('activity')} className={toggleClass('activity')}>
        Activity
      </button>
    </div>
  );
}
