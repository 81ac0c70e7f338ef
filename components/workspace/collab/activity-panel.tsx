'use client';

import { X } from 'lucide-react';
import { githubCommitUrl } from '@/lib/github/web-urls';
import { changeCounts, type CommitActivity, commitOf, describeActivity, describeFileChange, relativeTime } from '@/lib/workspace/activity';
import { Avatar } from './avatar';
import { useCollab, useCollabSnapshot } from './collab-provider';
import { useNow } from './hooks';

/** Where a commit's short sha links to: the commit on GitHub. */
interface Repository {
  githubUrl: string;
  owner: string;
  repo: string;
}

/** The branch's live activity feed, newest first, beside the editor when opened from the header (the shell decides when). */
export function ActivityPanel(repository: Repository) {
  const { setActivityOpen } = useCollab();
  return (
    <aside
      id="workspace-activity"
      aria-label="Activity"
      className="flex h-full w-full flex-col border-l border-slate-200 dark:border-slate-700 bg-slate-50 dark:bg-slate-900"
      onKeyDown={(event) => {
        if (event.key === 'Escape') setActivityOpen(false);
      }}
    >
      <div className="flex items-center justify-between border-b border-slate-200 dark:border-slate-700 px-4 py-2">
        <h2 className="text-sm font-semibold">Activity</h2>
        <button type="button" onClick={() => setActivityOpen(false)} className="rounded px-1.5 text-slate-600 dark:text-slate-400 hover:bg-slate-200 dark:hover:bg-slate-700" aria-label="Close activity">
          <X aria-hidden className="h-4 w-4" />
        </button>
      </div>
      <ActivityList {...repository} />
    </aside>
  );
}

function ActivityList(repository: Repository) {
  const { events, history } = useCollabSnapshot();
  const now = useNow(30_000);
  if (events.length === 0) {
    if (history === 'loading') return <p className="px-4 py-3 text-sm text-slate-500 dark:text-slate-400">Loading activity…</p>;
    if (history === 'failed') {
      return (
        <p role="alert" className="px-4 py-3 text-sm text-red-700 dark:text-red-300">
          Could not load the activity of this branch. Retrying…
        </p>
      );
    }
    return <p className="px-4 py-3 text-sm text-slate-500 dark:text-slate-400">Nothing has happened on this branch yet.</p>;
  }
  return (
    <ol aria-label="Branch activity" className="min-h-0 flex-1 space-y-3 overflow-auto px-4 py-3">
      {[...events].reverse().map((event) => {
        const commit = commitOf(event);
        return (
          <li key={event.id} className="flex gap-2 text-sm">
            <Avatar user={event.user} size={22} />
            <div className="min-w-0">
              <p className="break-words text-slate-800 dark:text-slate-200">{describeActivity(event)}</p>
              {commit ? <CommitDetails commit={commit} {...repository} /> : null}
              <time dateTime={event.createdAt} title={new Date(event.createdAt).toLocaleString()} className="text-xs text-slate-500 dark:text-slate-400">
                {relativeTime(event.createdAt, now)}
              </time>
            </div>
          </li>
        );
      })}
    </ol>
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
