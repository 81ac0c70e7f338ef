'use client';

import Link from 'next/link';
import { useMemo, useState } from 'react';
import type { RepoSummary } from '@/lib/github/repos';
import { SearchBox } from '@/components/search-box';

export function RepoList({ repos, basePath }: { repos: RepoSummary[]; basePath: string }) {
  const [query, setQuery] = useState('');
  const shown = useMemo(() => {
    const needle = query.trim().toLowerCase();
    return needle ? repos.filter((repo) => repo.fullName.toLowerCase().includes(needle)) : repos;
  }, [repos, query]);

  if (repos.length === 0) {
    return (
      <div className="rounded-md border border-dashed border-slate-300 dark:border-slate-600 px-6 py-10 text-center text-slate-600 dark:text-slate-400">
        <p className="font-medium text-slate-800 dark:text-slate-200">No repositories of yours</p>
        <p className="mt-1 text-sm">None are yours or shared with you. A public repository opens read-only from its link.</p>
      </div>
    );
  }
  return (
    <section aria-labelledby="repositories-heading">
      <h2 id="repositories-heading" className="text-sm font-semibold text-slate-800 dark:text-slate-200">
        Repositories
      </h2>
      <SearchBox label="Search repositories" value={query} onValue={setQuery} autoFocus className="mt-2 w-full px-3 py-2 text-sm" />
      {shown.length ? (
        <ul className="mt-3 divide-y divide-slate-100 dark:divide-slate-800 rounded-md border border-slate-200 dark:border-slate-700" aria-label="Repositories">
          {shown.map((repo) => (
            <li key={repo.fullName}>
              <Link
                href={`${basePath}?repo=${encodeURIComponent(repo.fullName)}`}
                className="flex items-center justify-between gap-3 px-4 py-3 hover:bg-slate-50 dark:hover:bg-slate-900"
              >
                <span className="min-w-0">
                  <span className="font-medium">{repo.fullName}</span>
                  {repo.description ? <span className="block truncate text-sm text-slate-600 dark:text-slate-400">{repo.description}</span> : null}
                </span>
                <span className="flex shrink-0 gap-1 text-xs">
                  {repo.private ? <span className="rounded-full bg-slate-100 dark:bg-slate-800 px-2 py-0.5 text-slate-700 dark:text-slate-300">Private</span> : null}
                  {repo.permission === 'read' ? (
                    <span className="rounded-full bg-amber-50 dark:bg-amber-950 px-2 py-0.5 text-amber-800 dark:text-amber-200">Read-only</span>
                  ) : null}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      ) : (
        <p className="mt-3 text-sm text-slate-600 dark:text-slate-400">No repository matches “{query}”.</p>
      )}
    </section>
  );
}
