'use client';

import { useMemo, useRef, useState, type FormEvent } from 'react';
import { searchInFiles } from '@/app/github/[owner]/[repo]/[branch]/code/actions';
import { groupByFile, overlayStaged } from '@/lib/code/staged-search';
import type { StagedState } from '@/lib/code/staging';
import { compileQuery, type LineMatch, type SearchOutcome, type SearchQuery } from '@/lib/code/text-search';
import { SearchBox } from '@/components/search-box';

type Searched = { query: SearchQuery; matcher: RegExp; committed: SearchOutcome };

/**
 * "Search in files": text or a regular expression over every file of the branch as the user sees it —
 * the server searches the committed files, the browser lays the staged changes over that.
 */
export function SearchPanel(props: {
  owner: string;
  repo: string;
  branch: string;
  headSha: string;
  staging: StagedState;
  onOpen: (match: LineMatch) => void;
}) {
  const { owner, repo, branch, headSha, staging, onOpen } = props;
  const [pattern, setPattern] = useState('');
  const [regex, setRegex] = useState(false);
  const [caseSensitive, setCaseSensitive] = useState(false);
  const [searching, setSearching] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [searched, setSearched] = useState<Searched | null>(null);
  const latest = useRef(0);

  const search = async (event: FormEvent) => {
    event.preventDefault();
    if (!pattern) return;
    const query = { pattern, regex, caseSensitive };
    // A malformed regular expression is explained here, without a round trip.
    const compiled = compileQuery(query);
    if ('problem' in compiled) {
      setError(compiled.problem);
      setSearched(null);
      return;
    }
    const seq = ++latest.current;
    setSearching(true);
    setError(null);
    const result = await searchInFiles({ owner, repo, branch, sha: headSha, ...query }).catch(() => null);
    if (seq !== latest.current) return;
    setSearching(false);
    if (!result?.ok) {
      setError(result?.error.message ?? 'The server could not be reached. Try again.');
      return;
    }
    setSearched({ query, matcher: compiled.matcher, committed: result.data });
  };

  const outcome = useMemo(() => searched && overlayStaged(searched.committed, staging, searched.matcher), [searched, staging]);
  const groups = useMemo(() => (outcome ? groupByFile(outcome.matches) : []), [outcome]);

  return (
    <div className="flex h-full min-h-0 flex-col">
      <form role="search" aria-label="Search in files" onSubmit={search} className="space-y-1.5 border-b border-slate-200 p-2 text-xs dark:border-slate-700">
        <SearchBox
          label="Search text"
          placeholder="Search (Enter)"
          value={pattern}
          onValue={setPattern}
          autoFocus
          className="block w-full bg-white px-2 py-1 font-mono text-sm dark:bg-slate-900"
        />
        <div className="flex flex-wrap items-center gap-3 text-slate-700 dark:text-slate-300">
          <label className="flex items-center gap-1">
            <input type="checkbox" checked={regex} onChange={(event) => setRegex(event.target.checked)} />
            Regular expression
          </label>
          <label className="flex items-center gap-1">
            <input type="checkbox" checked={caseSensitive} onChange={(event) => setCaseSensitive(event.target.checked)} />
            Match case
          </label>
        </div>
      </form>
      {error ? (
        <p role="alert" className="m-2 rounded bg-red-50 px-2 py-1 text-xs text-red-800 dark:bg-red-950 dark:text-red-200">
          {error}
        </p>
      ) : null}
      <p role="status" className="px-2 pt-2 text-xs text-slate-600 dark:text-slate-400">
        {searching ? 'Searching…' : outcome ? summary(outcome, groups.length) : null}
      </p>
      <ul aria-label="Search results" className="min-h-0 flex-1 overflow-auto pb-2 text-xs">
        {groups.map((group) => (
          <li key={group.path} className="mt-2">
            <h3 className="truncate px-2 font-medium text-slate-800 dark:text-slate-200" title={group.path}>
              {group.path} <span className="font-normal text-slate-500 dark:text-slate-400">({group.matches.length})</span>
            </h3>
            <ul>
              {group.matches.map((match) => (
                <li key={match.line}>
                  <button
                    type="button"
                    onClick={() => onOpen(match)}
                    className="flex w-full gap-2 px-2 py-0.5 text-left font-mono hover:bg-slate-200 focus:bg-slate-200 dark:hover:bg-slate-700 dark:focus:bg-slate-700"
                  >
                    <span className="w-8 shrink-0 text-right text-slate-500 dark:text-slate-400">{match.line}</span>
                    <span className="min-w-0 truncate text-slate-800 dark:text-slate-200">
                      <Highlighted match={match} />
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </div>
  );
}

function summary(outcome: SearchOutcome, files: number): string {
  const lines = outcome.matches.length;
  if (!lines) return 'No results.';
  const found = `${lines} ${lines === 1 ? 'line' : 'lines'} in ${files} ${files === 1 ? 'file' : 'files'}`;
  return outcome.truncated ? `${found}; there are more — narrow the search.` : `${found}.`;
}

function Highlighted({ match }: { match: LineMatch }) {
  const { preview, column, length } = match;
  if (column + length > preview.length) return <>{preview}</>;
  return (
    <>
      {preview.slice(0, column)}
      <mark className="rounded-sm bg-amber-200 text-inherit dark:bg-amber-700/60">{preview.slice(column, column + length)}</mark>
      {preview.slice(column + length)}
    </>
  );
}
