import { ArrowLeft } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { AgentList } from '@/components/agents/agent-list';
import { NewAgentForm } from '@/components/agents/new-agent-form';
import { PageHeader } from '@/components/page-header';
import { listAgents, toAgentView } from '@/lib/agents/queries';
import { sessionUser } from '@/lib/auth';
import { db } from '@/lib/db';
import type { AgentStatus } from '@/lib/db/schema';
import { githubClientForUser } from '@/lib/github/client';
import { listUserRepos } from '@/lib/github/repos';
import { listAgentsQuery } from '../api/agents/schema';

export const metadata: Metadata = { title: 'Agents' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const statusFilters: Array<{ value: AgentStatus | ''; label: string }> = [
  { value: '', label: 'All' },
  { value: 'running', label: 'Running' },
  { value: 'queued', label: 'Queued' },
  { value: 'waiting', label: 'Waiting' },
  { value: 'completed', label: 'Completed' },
  { value: 'failed', label: 'Failed' },
  { value: 'cancelled', label: 'Cancelled' },
];

const NO_WRITABLE_REPOS = 'Agents work on repositories you can push to, and your account cannot push to any yet.';

const single = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

export default async function AgentsPage({ searchParams }: Props) {
  const user = await sessionUser();
  if (!user) {
    return (
      <>
        <PageHeader title="My Agents" description="Background agents that work on a task in a repository, on their own branch." />
        <section className="px-6 py-10 text-center text-slate-600 dark:text-slate-400" aria-label="Agents">
          <p className="font-medium text-slate-800 dark:text-slate-200">Sign in to start agents</p>
          <p className="mt-1 text-sm">Agents you start appear here with their status, branch and cost.</p>
        </section>
      </>
    );
  }
  const raw = await searchParams;
  const parsed = listAgentsQuery.safeParse({ q: raw.q, status: raw.status || undefined, trash: raw.trash });
  const filter = parsed.success ? parsed.data : {};
  const trash = filter.trash === '1';
  const creating = raw.new === '1' && !trash;
  const [agents, repos] = await Promise.all([
    listAgents(db(), user.id, { query: filter.q, status: filter.status, trash }),
    // Agents push to their branch, so only repositories the user can push to can have one. Unknown (GitHub down): offer it.
    listUserRepos(githubClientForUser(db(), user.id)).catch(() => null),
  ]);
  const writable = repos?.filter((repo) => repo.permission !== 'read') ?? null;
  const canStart = writable === null || writable.length > 0;

  return (
    <>
      <PageHeader title={trash ? 'Trash' : 'My Agents'} description="Background agents that work on a task in a repository, on their own branch.">
        {trash ? null : canStart ? (
          <Link href="/agents?new=1" className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-500">
            New agent
          </Link>
        ) : (
          <p className="text-sm text-slate-600 dark:text-slate-400">{NO_WRITABLE_REPOS}</p>
        )}
      </PageHeader>
      <div className="space-y-4 px-6 py-5">
        {creating && canStart ? <NewAgentForm repos={writable ?? []} initial={{ repo: single(raw.repo), base: single(raw.base) }} /> : null}
        <form role="search" aria-label="Filter agents" className="flex flex-wrap items-center gap-2 text-sm">
          {trash ? <input type="hidden" name="trash" value="1" /> : null}
          <input
            type="search"
            name="q"
            defaultValue={filter.q ?? ''}
            aria-label="Search agents"
            placeholder="Search by task, repository or branch…"
            className="min-w-64 flex-1 rounded-md border border-slate-300 dark:border-slate-600 px-3 py-1.5"
          />
          <select name="status" defaultValue={filter.status ?? ''} aria-label="Status" className="rounded-md border border-slate-300 dark:border-slate-600 px-2 py-1.5">
            {statusFilters.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
          <button type="submit" className="rounded-md border border-slate-300 dark:border-slate-600 px-3 py-1.5 hover:bg-slate-50 dark:hover:bg-slate-900">
            Filter
          </button>
          <Link href={trash ? '/agents' : '/agents?trash=1'} className="ml-auto inline-flex items-center gap-1 text-indigo-700 dark:text-indigo-300 hover:underline">
            {trash ? (
              <>
                <ArrowLeft aria-hidden className="h-4 w-4" /> Back to agents
              </>
            ) : (
              'Trash'
            )}
          </Link>
        </form>
        <AgentList
          userId={user.id}
          initialAgents={agents.map(toAgentView)}
          trash={trash}
          filter={{ query: filter.q, status: filter.status && statusFilters.find((option) => option.value === filter.status)?.label }}
          startHint={canStart ? 'Start one with “New agent”: it works on its own branch.' : NO_WRITABLE_REPOS}
        />
      </div>
    </>
  );
}
