'use client';

import { useRouter } from 'next/navigation';
import { type FormEvent, useEffect, useState } from 'react';
import type { IssueSummary } from '@/lib/github/issues';
import type { RepoSummary } from '@/lib/github/repos';
import { apiErrorMessage } from '@/lib/api-client';
import { IssuePicker } from './issue-picker';
import { AttemptsField } from './attempts-field';
import { FormError } from '@/components/form-error';

type BranchList = { defaultBranch: string; branches: { name: string }[] };


/**
 * Task, repository and base branch: the agent gets its own branch and starts in the background.
 * `initial` preselects a repository and base branch (the command palette's "Start an agent on this repository").
 */
export function NewAgentForm({ repos, initial }: { repos: RepoSummary[]; initial?: { repo?: string; base?: string } }) {
  const router = useRouter();
  const [repo, setRepo] = useState(repos.find((entry) => entry.fullName === initial?.repo)?.fullName ?? repos[0]?.fullName ?? '');
  const [branches, setBranches] = useState<BranchList | null>(null);
  const [baseBranch, setBaseBranch] = useState('');
  const [taskRequest, setTaskRequest] = useState('');
  const [branchPrefix, setBranchPrefix] = useState('');
  const [issue, setIssue] = useState<IssueSummary | null>(null);
  const [planFirst, setPlanFirst] = useState(false);
  const [attempts, setAttempts] = useState(1);
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!repo) return;
    const controller = new AbortController();
    fetch(`/api/github/${repo}/branches`, { signal: controller.signal })
      .then(async (response) => {
        if (!response.ok) throw new Error(await apiErrorMessage(response));
        const list = (await response.json()) as BranchList;
        setBranches(list);
        const wanted = repo === initial?.repo && list.branches.some((entry) => entry.name === initial.base) ? initial.base : undefined;
        setBaseBranch(wanted ?? list.defaultBranch);
      })
      .catch((reason: unknown) => {
        if (!controller.signal.aborted) setError(reason instanceof Error ? reason.message : 'Could not load branches.');
      });
    return () => controller.abort();
  }, [repo, initial?.repo, initial?.base]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const [owner, name] = repo.split('/');
    setSubmitting(true);
    setError(null);
    const several = attempts > 1;
    const response = await fetch(several ? '/api/agents/attempts' : '/api/agents', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        owner,
        repo: name,
        baseBranch,
        taskRequest: taskRequest || undefined,
        branchPrefix: branchPrefix || undefined,
        issueNumber: issue?.number,
        planFirst,
        ...(several ? { attempts } : {}),
      }),
    });
    if (!response.ok) {
      setError(await apiErrorMessage(response));
      setSubmitting(false);
      return;
    }
    if (several) {
      const { group } = (await response.json()) as { group: string };
      router.push(`/agents/attempts/${group}`);
      return;
    }
    const { agent } = (await response.json()) as { agent: { id: string } };
    router.push(`/agents/${agent.id}`);
  }

  if (repos.length === 0) {
    return <p className="text-sm text-slate-600 dark:text-slate-400">You need write access to a repository to start an agent.</p>;
  }
  return (
    <form onSubmit={submit} aria-label="New agent" className="space-y-4 rounded-md border border-slate-200 dark:border-slate-700 p-4">
      <label className="block text-sm">
        <span className="font-medium text-slate-800 dark:text-slate-200">{issue ? `Instructions for #${issue.number} (optional)` : 'Task'}</span>
        <textarea
          value={taskRequest}
          onChange={(event) => setTaskRequest(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && (event.metaKey || event.ctrlKey)) event.currentTarget.form?.requestSubmit();
          }}
          required={!issue}
          rows={4}
          placeholder={issue ? 'Anything to add to the issue…' : 'Describe what the agent should do…'}
          className="mt-1 block w-full rounded-md border border-slate-300 dark:border-slate-600 px-3 py-2"
        />
      </label>
      <div className="grid gap-3 sm:grid-cols-4">
        <label className="block text-sm">
          <span className="font-medium text-slate-800 dark:text-slate-200">Repository</span>
          <select
            value={repo}
            onChange={(event) => {
              if (event.target.value === repo) return;
              setBranches(null);
              setIssue(null);
              setRepo(event.target.value);
            }}
            className="mt-1 block w-full rounded-md border border-slate-300 dark:border-slate-600 px-2 py-2">
            {repos.map((candidate) => (
              <option key={candidate.fullName} value={candidate.fullName}>
                {candidate.fullName}
              </option>
            ))}
          </select>
        </label>
        <label className="block text-sm">
          <span className="font-medium text-slate-800 dark:text-slate-200">Base branch</span>
          <select
            value={baseBranch}
            onChange={(event) => setBaseBranch(event.target.value)}
            disabled={!branches}
            className="mt-1 block w-full rounded-md border border-slate-300 dark:border-slate-600 px-2 py-2"
          >
            {branches?.branches.length === 0 ? (
              // An empty repository has no branch yet: the agent's first turn makes its first commit.
              <option value={branches.defaultBranch}>{branches.defaultBranch} (empty repository: the agent makes the first commit)</option>
            ) : (
              (branches?.branches.map((branch) => (
                <option key={branch.name} value={branch.name}>
                  {branch.name}
                </option>
              )) ?? <option>Loading…</option>)
            )}
          </select>
        </label>
        <label className="block text-sm">
          <span className="font-medium text-slate-800 dark:text-slate-200">Branch prefix (optional)</span>
          <input
            value={branchPrefix}
            onChange={(event) => setBranchPrefix(event.target.value)}
            placeholder="agent/"
            className="mt-1 block w-full rounded-md border border-slate-300 dark:border-slate-600 px-3 py-2 font-mono"
          />
        </label>
        <AttemptsField value={attempts} onChange={setAttempts} />
      </div>
      <IssuePicker repo={repo} selected={issue} onSelect={setIssue} />
      <label className="flex items-start gap-2 text-sm">
        <input type="checkbox" checked={planFirst} onChange={(event) => setPlanFirst(event.target.checked)} className="mt-0.5" />
        <span>
          <span className="font-medium text-slate-800 dark:text-slate-200">Plan first</span>
          <span className="block text-xs text-slate-600 dark:text-slate-400">The agent reads the repository, proposes a plan and waits for your approval before changing anything.</span>
        </span>
      </label>
      <FormError>{error}</FormError>
      <button
        type="submit"
        disabled={submitting || !branches || !(taskRequest.trim() || issue)}
        className="rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-500 disabled:opacity-50"
      >
        {submitting ? 'Starting…' : attempts > 1 ? `Start ${attempts} attempts` : 'Start agent'}
      </button>
    </form>
  );
}
