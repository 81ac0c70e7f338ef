'use client';

import { useEffect, useState } from 'react';
import { apiErrorMessage } from '@/lib/api-client';
import type { IssueSummary } from '@/lib/github/issues';
import { FormError } from '@/components/form-error';
import { SearchBox } from '@/components/search-box';

type Loaded = { repo: string; issues: IssueSummary[] } | { repo: string; error: string };

/**
 * The open issues of the chosen repository, searchable, as a radio group (one issue or none). Picking
 * one makes the agent's task that issue's title, body and comments.
 */
export function IssuePicker({ repo, selected, onSelect }: { repo: string; selected: IssueSummary | null; onSelect: (issue: IssueSummary | null) => void }) {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [search, setSearch] = useState('');

  useEffect(() => {
    if (!repo) return;
    const controller = new AbortController();
    fetch(`/api/github/${repo}/issues`, { signal: controller.signal })
      .then(async (response) => {
        if (!response.ok) throw new Error(await apiErrorMessage(response));
        const { issues } = (await response.json()) as { issues: IssueSummary[] };
        setLoaded({ repo, issues });
      })
      .catch((reason: unknown) => {
        if (!controller.signal.aborted) setLoaded({ repo, error: reason instanceof Error ? reason.message : 'Could not load the issues.' });
      });
    return () => controller.abort();
  }, [repo]);

  const current = loaded?.repo === repo ? loaded : null;
  const needle = search.trim().toLowerCase();
  const issues =
    current && 'issues' in current
      ? current.issues.filter((issue) => !needle || `#${issue.number} ${issue.title} ${issue.labels.join(' ')}`.toLowerCase().includes(needle))
      : [];

  return (
    <fieldset className="text-sm">
      <legend className="font-medium text-slate-800 dark:text-slate-200">GitHub issue (optional)</legend>
      <p className="mb-2 text-xs text-slate-600 dark:text-slate-400">
        The agent works on the issue&apos;s title, description and comments; its pull request says &quot;Fixes #…&quot;.
      </p>
      {!current ? (
        <p role="status" className="text-slate-600 dark:text-slate-400">
          Loading issues…
        </p>
      ) : 'error' in current ? (
        <FormError look="inline">{current.error}</FormError>
      ) : current.issues.length === 0 ? (
        <p className="text-slate-600 dark:text-slate-400">{repo} has no open issues.</p>
      ) : (
        <>
          <SearchBox label="Search issues" placeholder="Search by number, title or label…" value={search} onValue={setSearch} className="mb-2 block w-full px-3 py-1.5" />
          <div role="radiogroup" aria-label="Issues" className="max-h-48 space-y-1 overflow-y-auto rounded-md border border-slate-200 dark:border-slate-700 p-2">
            <label className="flex items-center gap-2">
              <input type="radio" name="issue" checked={selected === null} onChange={() => onSelect(null)} />
              <span>No issue</span>
            </label>
            {issues.map((issue) => (
              <label key={issue.number} className="flex items-baseline gap-2">
                <input type="radio" name="issue" checked={selected?.number === issue.number} onChange={() => onSelect(issue)} />
                <span className="min-w-0">
                  <span className="text-slate-600 dark:text-slate-400">#{issue.number}</span> {issue.title}
                  {issue.labels.length ? <span className="ml-1 text-xs text-slate-500 dark:text-slate-400">({issue.labels.join(', ')})</span> : null}
                </span>
              </label>
            ))}
            {issues.length === 0 ? <p className="text-slate-600 dark:text-slate-400">No open issue matches “{search.trim()}”.</p> : null}
          </div>
        </>
      )}
    </fieldset>
  );
}
