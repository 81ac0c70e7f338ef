'use client';

import { RefreshCw } from 'lucide-react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { branchNameProblem } from '@/lib/github/branch-names';
import type { BranchSummary } from '@/lib/github/repos';
import { autoBranchName, randomSuffix } from '@/lib/workspace/new-branch';
import { repositoryPath, workspacePath } from '@/lib/workspace/urls';
import { apiErrorMessage } from '@/lib/api-client';
import { FormError } from '@/components/form-error';
import { SearchBox } from '@/components/search-box';

export type BranchMode = 'existing' | 'auto' | 'custom';

const modes: Array<{ mode: BranchMode; label: string }> = [
  { mode: 'existing', label: 'Existing branch' },
  { mode: 'auto', label: 'New branch' },
  { mode: 'custom', label: 'Custom name' },
];

type BranchList = { defaultBranch: string; branches: BranchSummary[] };


export function BranchChooser(props: {
  owner: string;
  repo: string;
  canWrite: boolean;
  initialMode: BranchMode;
  suggestions: { auto: string; suffix: string };
}) {
  const { owner, repo, canWrite } = props;
  const router = useRouter();
  const [mode, setMode] = useState<BranchMode>(canWrite ? props.initialMode : 'existing');
  const [list, setList] = useState<BranchList | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const [baseBranch, setBaseBranch] = useState('');
  const [autoName, setAutoName] = useState(props.suggestions.auto);
  const [prefix, setPrefix] = useState('feature/');
  const [suffix, setSuffix] = useState(props.suggestions.suffix);
  const [creating, setCreating] = useState(false);
  const [createError, setCreateError] = useState<string | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    fetch(`/api/github/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}/branches`, { signal: controller.signal })
      .then(async (response) => {
        if (!response.ok) throw new Error(await apiErrorMessage(response));
        const data = (await response.json()) as BranchList;
        setList(data);
        setBaseBranch((current) => current || data.defaultBranch);
      })
      .catch((error: unknown) => {
        if (!controller.signal.aborted) setLoadError(error instanceof Error ? error.message : 'Could not load branches.');
      });
    return () => controller.abort();
  }, [owner, repo]);

  const shown = useMemo(() => {
    const needle = query.trim().toLowerCase();
    const branches = list?.branches ?? [];
    return needle ? branches.filter((branch) => branch.name.toLowerCase().includes(needle)) : branches;
  }, [list, query]);

  const newBranch = mode === 'custom' ? `${prefix}${suffix}` : autoName;
  const problem =
    branchNameProblem(newBranch) ??
    (list?.branches.some((branch) => branch.name === newBranch) ? `A branch named "${newBranch}" already exists.` : null);

  async function create(event: FormEvent) {
    event.preventDefault();
    if (problem || creating) return;
    setCreating(true);
    setCreateError(null);
    try {
      const response = await fetch('/api/github/branches', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ owner, repo, baseBranch, newBranch }),
      });
      if (!response.ok) throw new Error(await apiErrorMessage(response));
      router.push(((await response.json()) as { url: string }).url);
    } catch (error) {
      setCreateError(error instanceof Error ? error.message : 'Could not create the branch.');
      setCreating(false);
    }
  }

  return (
    <section aria-labelledby="branch-heading" className="mt-3">
      <h2 id="branch-heading" className="text-lg font-semibold">
        {owner}/{repo}
      </h2>
      <div role="tablist" aria-label="Branch" className="mt-3 flex gap-1 border-b border-slate-200 dark:border-slate-700">
        {modes.filter((item) => canWrite || item.mode === 'existing').map((item) => (
          <button
            key={item.mode}
            type="button"
            role="tab"
            aria-selected={mode === item.mode}
            onClick={() => setMode(item.mode)}
            className={`-mb-px border-b-2 px-3 py-2 text-sm font-medium ${
              mode === item.mode ? 'border-indigo-600 text-indigo-700 dark:text-indigo-300' : 'border-transparent text-slate-600 dark:text-slate-400 hover:text-slate-900 dark:hover:text-slate-100'
            }`}
          >
            {item.label}
          </button>
        ))}
      </div>
      {!canWrite ? (
        <p className="mt-2 text-sm text-amber-800 dark:text-amber-200">You have read-only access: you can open existing branches, not create them.</p>
      ) : null}

      {loadError ? (
        <FormError className="mt-4">{loadError}</FormError>
      ) : !list ? (
        <p role="status" className="mt-4 text-sm text-slate-600 dark:text-slate-400">
          Loading branches…
        </p>
      ) : mode === 'existing' ? (
        <div role="tabpanel" aria-label="Existing branch" className="mt-4">
          <SearchBox label="Search branches" value={query} onValue={setQuery} autoFocus className="w-full px-3 py-2 text-sm" />
          {shown.length ? (
            <ul aria-label="Branches" className="mt-3 divide-y divide-slate-100 dark:divide-slate-800 rounded-md border border-slate-200 dark:border-slate-700">
              {shown.map((branch) => (
                <li key={branch.name}>
                  <Link
                    href={workspacePath(owner, repo, branch.name, 'code')}
                    className="flex items-center justify-between gap-3 px-4 py-2.5 hover:bg-slate-50 dark:hover:bg-slate-900"
                  >
                    <span className="break-all font-mono text-sm">{branch.name}</span>
                    {branch.name === list.defaultBranch ? (
                      <span className="rounded-full bg-slate-100 dark:bg-slate-800 px-2 py-0.5 text-xs text-slate-700 dark:text-slate-300">default</span>
                    ) : null}
                  </Link>
                </li>
              ))}
            </ul>
          ) : list.branches.length === 0 ? (
            <p className="mt-3 text-sm text-slate-600 dark:text-slate-400">
              This repository is empty: it has no branches yet.{' '}
              <Link href={repositoryPath(owner, repo)} className="font-medium text-indigo-700 dark:text-indigo-300 hover:underline">
                Make its first commit
              </Link>
            </p>
          ) : (
            <p className="mt-3 text-sm text-slate-600 dark:text-slate-400">No branch matches “{query}”.</p>
          )}
        </div>
      ) : (
        <form role="tabpanel" aria-label={mode === 'auto' ? 'New branch' : 'Custom name'} onSubmit={create} className="mt-4 space-y-4">
          <label className="block text-sm">
            <span className="font-medium text-slate-800 dark:text-slate-200">Base branch</span>
            <select
              value={baseBranch}
              onChange={(event) => setBaseBranch(event.target.value)}
              className="mt-1 block w-full rounded-md border border-slate-300 dark:border-slate-600 px-3 py-2 text-sm"
            >
              {list.branches.map((branch) => (
                <option key={branch.name} value={branch.name}>
                  {branch.name}
                </option>
              ))}
            </select>
          </label>
          {mode === 'auto' ? (
            <div className="text-sm">
              <span className="font-medium text-slate-800 dark:text-slate-200">New branch name</span>
              <div className="mt-1 flex items-center gap-2">
                <code className="rounded-md bg-slate-100 dark:bg-slate-800 px-3 py-2 font-mono" data-testid="auto-branch-name">
                  {autoName}
                </code>
                <button
                  type="button"
                  onClick={() => setAutoName(autoBranchName())}
                  className="rounded-md px-2 py-1 text-slate-700 dark:text-slate-300 hover:bg-slate-100 dark:hover:bg-slate-800"
                >
                  Regenerate
                </button>
              </div>
            </div>
          ) : (
            <div className="grid grid-cols-[minmax(0,1fr)_minmax(0,1fr)] gap-2 text-sm">
              <label className="block">
                <span className="font-medium text-slate-800 dark:text-slate-200">Prefix</span>
                <input
                  value={prefix}
                  onChange={(event) => setPrefix(event.target.value)}
                  className="mt-1 block w-full rounded-md border border-slate-300 dark:border-slate-600 px-3 py-2 font-mono"
                />
              </label>
              <label className="block">
                <span className="font-medium text-slate-800 dark:text-slate-200">Suffix</span>
                <span className="mt-1 flex gap-1">
                  <input
                    value={suffix}
                    onChange={(event) => setSuffix(event.target.value)}
                    className="block w-full rounded-md border border-slate-300 dark:border-slate-600 px-3 py-2 font-mono"
                  />
                  <button
                    type="button"
                    onClick={() => setSuffix(randomSuffix())}
                    aria-label="New random suffix"
                    className="rounded-md px-2 text-slate-700 dark:text-slate-300 hover:bg-slate-100 dark:hover:bg-slate-800"
                  >
                    <RefreshCw aria-hidden className="h-4 w-4" />
                  </button>
                </span>
              </label>
              <p className="col-span-2 text-slate-600 dark:text-slate-400">
                Branch: <code className="break-all font-mono text-slate-900 dark:text-slate-100">{newBranch}</code>
              </p>
            </div>
          )}
          <FormError look="inline" id="branch-problem" className="text-sm">{problem}</FormError>
          <FormError>{createError}</FormError>
          <button
            type="submit"
            disabled={!!problem || creating}
            aria-describedby={problem ? 'branch-problem' : undefined}
            className="rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-500 disabled:opacity-50"
          >
            {creating ? 'Creating…' : 'Create branch'}
          </button>
        </form>
      )}
    </section>
  );
}
