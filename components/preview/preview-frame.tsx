'use client';

import Link from 'next/link';
import { useCallback, useEffect, useRef, useState } from 'react';
import { renewPreview } from '@/app/github/[owner]/[repo]/[branch]/actions';
import { useCollab } from '@/components/workspace/collab/collab-provider';
import type { PreviewLink } from '@/lib/preview/links';
import { PREVIEW_SANDBOX_FLAGS } from '@/lib/preview/sandbox';
import { describeActivity } from '@/lib/workspace/activity';
import { workspacePath } from '@/lib/workspace/urls';

interface PreviewFrameProps {
  owner: string;
  repo: string;
  branch: string;
  initialLink: PreviewLink | null;
  initialError: string | null;
}

type Ready = Extract<PreviewLink, { status: 'ready' }>;

/**
 * The branch's web page in a sandboxed frame on the preview origin. Refresh asks for a new link (and
 * the branch's new head); a commit announced on the branch refreshes by itself.
 */
export function PreviewFrame({ owner, repo, branch, initialLink, initialError }: PreviewFrameProps) {
  const { connection } = useCollab();
  const [link, setLink] = useState<PreviewLink | null>(initialLink);
  const [error, setError] = useState<string | null>(initialError);
  const [loads, setLoads] = useState(0);
  const [refreshing, setRefreshing] = useState(false);
  const [status, setStatus] = useState<string | null>(null);
  const shownSha = useRef(initialLink?.status === 'ready' ? initialLink.headSha : null);

  const refresh = useCallback(
    async (reason: string | null) => {
      setRefreshing(true);
      const result = await renewPreview({ owner, repo, branch }).catch(() => null);
      setRefreshing(false);
      if (!result?.ok) {
        setError(result?.error.message ?? 'The server could not be reached.');
        return;
      }
      setError(null);
      setLink(result.data);
      if (result.data.status === 'ready') shownSha.current = result.data.headSha;
      setLoads((count) => count + 1);
      setStatus(reason);
    },
    [owner, repo, branch],
  );

  // Someone (you too, in another tab) committed to the branch: show the new version.
  useEffect(
    () =>
      connection.onEvent((event) => {
        const sha = event.payload.sha;
        if (typeof sha !== 'string' || sha === shownSha.current) return;
        shownSha.current = sha;
        void refresh(`Refreshed after a commit: ${describeActivity(event)}.`);
      }),
    [connection, refresh],
  );

  const ready: Ready | null = link?.status === 'ready' ? link : null;
  const toolButton = 'rounded-md border border-slate-300 dark:border-slate-600 px-3 py-1 text-sm font-medium text-slate-800 dark:text-slate-200 hover:bg-slate-50 dark:hover:bg-slate-900 disabled:opacity-50';

  return (
    <section aria-label="Preview" className="flex h-full min-h-0 flex-col">
      <div className="flex flex-wrap items-center gap-2 border-b border-slate-200 dark:border-slate-700 px-4 py-2">
        <button type="button" className={toolButton} disabled={refreshing} onClick={() => void refresh('Refreshed.')}>
          {refreshing ? 'Refreshing…' : 'Refresh'}
        </button>
        {ready ? (
          <a href={ready.url} target="_blank" rel="noopener noreferrer" className={toolButton}>
            Open in new tab
          </a>
        ) : null}
        <p role="status" className="min-w-0 flex-1 truncate text-xs text-slate-600 dark:text-slate-400">
          {status}
          {ready ? (
            <span className="ml-2 text-slate-400 dark:text-slate-500">
              {ready.headSha.slice(0, 7)} · served from {ready.origin}
            </span>
          ) : null}
        </p>
      </div>
      {error ? (
        <p role="alert" className="m-4 rounded-md bg-red-50 dark:bg-red-950 px-4 py-3 text-sm text-red-800 dark:text-red-200">
          Could not show the preview: {error}
        </p>
      ) : null}
      {link?.status === 'unconfigured' ? (
        <p role="note" className="m-4 rounded-md bg-amber-50 dark:bg-amber-950 px-4 py-3 text-sm text-amber-900 dark:text-amber-100">
          Previews are not set up on this server: start WebEDT with <code>npm start</code> (which runs the preview server), or set PREVIEW_ORIGIN to
          where <code>npm run preview-server</code> is reachable.
        </p>
      ) : null}
      {ready && !ready.hasIndex ? (
        <div className="m-4 rounded-md border border-slate-200 dark:border-slate-700 px-4 py-3 text-sm text-slate-700 dark:text-slate-300">
          <p className="font-medium">This branch has no index.html at its root, so there is nothing to preview yet.</p>
          <p className="mt-1">
            Create one in the <Link href={workspacePath(owner, repo, branch, 'code')} className="text-indigo-700 dark:text-indigo-300 underline">code editor</Link>; the preview
            appears here after you commit it.
          </p>
        </div>
      ) : null}
      {ready?.hasIndex ? (
        <iframe
          key={loads}
          src={ready.url}
          title={`Preview of ${owner}/${repo} at ${branch}`}
          sandbox={PREVIEW_SANDBOX_FLAGS}
          referrerPolicy="no-referrer"
          className="min-h-0 w-full flex-1 border-0 bg-white dark:bg-slate-950"
        />
      ) : null}
    </section>
  );
}
