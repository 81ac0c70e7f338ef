'use client';

import { githubCommitUrl } from '@/lib/github/web-urls';
import { changeCounts, type CommitActivity, commitOf, describeActivity, describeFileChange, participantStepOf, relativeTime } from '@/lib/workspace/activity';
import type { WorkspaceEventView } from '@/lib/workspace/collab-protocol';
import { Avatar } from './avatar';
import { useCollabSnapshot } from './collab-provider';
import { useNow } from './hooks';
import { ParticipantAvatar } from './participant-avatar';
import { SidePanel } from './side-panel';
import { FormError } from '@/components/form-error';

/** Where a commit's short sha links to: the commit on GitHub. */
interface Repository {
  githubUrl: string;
  owner: string;
  repo: string;
}

/** The branch's live activity feed, newest first, beside the editor when opened from the header (the shell decides when). */
export function ActivityPanel(repository: Repository) {
  return (
    <SidePanel id="workspace-activity" label="Activity" heading="Activity">
      <ActivityList {...repository} />
    </SidePanel>
  );
}

function ActivityList(repository: Repository) {
  const snapshot = useCollabSnapshot();
  // An agent's status changes are its panel's to show: the feed tells a turn's steps, then its commit.
  const events = snapshot.events.filter((event) => !participantStepOf(event)?.status);
  const { history } = snapshot;
  const now = useNow(30_000);
  if (events.length === 0) {
    if (history === 'loading') return <p className="px-4 py-3 text-sm text-slate-500 dark:text-slate-400">Loading activity…</p>;
    if (history === 'failed') {
      return (
        <FormError look="inline" className="px-4 py-3 text-sm">
          Could not load the activity of this branch. Retrying…
        </FormError>
      );
    }
    return <p className="px-4 py-3 text-sm text-slate-500 dark:text-slate-400">Nothing has happened on this branch yet.</p>;
  }
  return (
    <ol aria-label="Branch activity" className="min-h-0 flex-1 space-y-3 overflow-auto px-4 py-3">
      {groupSteps([...events].reverse()).map((item) => {
        if (Array.isArray(item)) return <TurnSteps key={item[0]!.id} steps={item} now={now} />;
        const event = item;
        const commit = commitOf(event);
        return (
          <li key={event.id} className="flex gap-2 text-sm">
            <Avatar user={event.user} size={22} />
            <div className="min-w-0">
              <p className="break-words text-slate-800 dark:text-slate-200">{describeActivity(event)}</p>
              {commit ? <CommitDetails commit={commit} {...repository} /> : null}
              <EventTime at={event.createdAt} now={now} />
            </div>
          </li>
        );
      })}
    </ol>
  );
}

function EventTime({ at, now }: { at: string; now: number }) {
  return (
    <time dateTime={at} title={new Date(at).toLocaleString()} className="text-xs text-slate-500 dark:text-slate-400">
      {relativeTime(at, now)}
    </time>
  );
}

/** Newest first; the steps of one agent or Live Chat turn that follow each other become one item (newest step first). */
function groupSteps(events: readonly WorkspaceEventView[]): Array<WorkspaceEventView | WorkspaceEventView[]> {
  const items: Array<WorkspaceEventView | WorkspaceEventView[]> = [];
  for (const event of events) {
    const step = participantStepOf(event);
    const last = items.at(-1);
    if (step && Array.isArray(last) && participantStepOf(last[0]!)?.turn === step.turn) last.push(event);
    else items.push(step ? [event] : event);
  }
  return items;
}

/** A turn's steps, collapsed: the newest one shown, all of them on demand. */
function TurnSteps({ steps, now }: { steps: WorkspaceEventView[]; now: number }) {
  const [newest] = steps;
  const step = participantStepOf(newest!)!;
  return (
    <li className="flex gap-2 text-sm" data-testid="turn-steps">
      <ParticipantAvatar user={newest!.user} participant={{ kind: step.kind, label: step.label, ownerId: newest!.user.id, agentId: step.agentId, activity: null, path: null, pending: null }} size={22} />
      <div className="min-w-0">
        <p className="break-words text-slate-800 dark:text-slate-200">{describeActivity(newest!)}</p>
        {steps.length > 1 ? (
          <details className="text-xs text-slate-600 dark:text-slate-400">
            <summary className="cursor-pointer">{steps.length} steps in this turn</summary>
            <ol aria-label={`Steps of ${step.label}`} className="mt-1 space-y-0.5">
              {[...steps].reverse().map((event) => (
                <li key={event.id} className="break-words">
                  {participantStepOf(event)?.text}
                </li>
              ))}
            </ol>
          </details>
        ) : null}
        <EventTime at={newest!.createdAt} now={now} />
      </div>
    </li>
  );
}

/** A commit's message and short sha (a link to it on GitHub), its counts per kind, and its files on demand. */
function CommitDetails({ commit, githubUrl, owner, repo }: { commit: CommitActivity } & Repository) {
  const short = commit.sha.slice(0, 7);
  return (
    <>
      <p className="break-words text-slate-700 dark:text-slate-300">
        <span data-testid="commit-message">{commit.message}</span> ·{' '}
        <a
          href={githubCommitUrl(githubUrl, owner, repo, commit.sha)}
          target="_blank"
          rel="noreferrer"
          aria-label={`Commit ${short} on GitHub`}
          className="font-mono text-xs text-indigo-700 dark:text-indigo-300 hover:underline"
        >
          {short}
        </a>
      </p>
      <details className="text-xs text-slate-600 dark:text-slate-400">
        <summary className="cursor-pointer">{changeCounts(commit.files)}</summary>
        <ul aria-label={`Files of commit ${short}`} className="mt-1 space-y-0.5">
          {commit.files.map((file) => (
            <li key={file.path} className="break-all font-mono">
              {describeFileChange(file)}
            </li>
          ))}
        </ul>
      </details>
    </>
  );
}
