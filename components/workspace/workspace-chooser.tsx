import { ArrowLeft } from 'lucide-react';
import Link from 'next/link';
import { PageHeader } from '@/components/page-header';
import { requirePageUser } from '@/lib/auth/page';
import { db } from '@/lib/db';
import { githubClientForUser } from '@/lib/github/client';
import { repoRef } from '@/lib/github/names';
import type { GitHubClient } from '@/lib/github/octokit';
import { listUserRepos, readableRepo, type RepoSummary } from '@/lib/github/repos';
import { autoBranchName, randomSuffix } from '@/lib/workspace/new-branch';
import { workspacePath, workspaceTabs } from '@/lib/workspace/urls';
import { recentFirst, recentWorkspaces } from '@/lib/workspace/visits';
import { BranchChooser, type BranchMode } from './branch-chooser';
import { RepoList } from './repo-list';
import { FormError } from '@/components/form-error';

/** A repository named in the URL that is not among the user's, such as a public one they cannot push to. */
async function selectedElsewhere(github: GitHubClient, fullName: string): Promise<RepoSummary | null> {
  const parsed = repoRef.safeParse({ owner: fullName.split('/')[0], repo: fullName.split('/').slice(1).join('/') });
  return parsed.success ? readableRepo(github, parsed.data.owner, parsed.data.repo) : null;
}

/**
 * `/workspace` and `/workspace/new`: step 1 picks a repository (`?repo=owner/name` in the URL, so
 * back/forward and reload keep the step), step 2 picks or creates a branch.
 */
export async function WorkspaceChooser({ selected, mode, basePath }: { selected?: string; mode: BranchMode; basePath: string }) {
  const user = await requirePageUser();
  const github = githubClientForUser(db(), user.id);
  const [repos, recent] = await Promise.all([listUserRepos(github), recentWorkspaces(db(), user.id)]);
  const ordered = recentFirst(repos, recent);
  const repo = selected ? (ordered.find((candidate) => candidate.fullName.toLowerCase() === selected.toLowerCase()) ?? (await selectedElsewhere(github, selected))) : undefined;
  // Creating a branch needs push access: to the chosen repository, or else to at least one of the user's.
  const canCreateBranch = repo ? repo.permission !== 'read' : repos.some((candidate) => candidate.permission !== 'read');
  const tabLabel = (page: string) => workspaceTabs.find((tab) => tab.page === page)?.label ?? page;

  return (
    <>
      <PageHeader
        title={mode === 'existing' ? 'Workspace' : 'New branch'}
        description={
          repo ? `Choose a branch of ${repo.fullName}, or create one.` : 'Pick a repository, then a branch, to open its live workspace.'
        }
      >
        {mode === 'existing' && canCreateBranch ? (
          <Link
            href={repo ? `/workspace/new?repo=${encodeURIComponent(repo.fullName)}` : '/workspace/new'}
            className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-500"
          >
            New branch
          </Link>
        ) : null}
      </PageHeader>
      <div className="grid gap-8 px-6 py-6 lg:grid-cols-[minmax(0,1fr)_18rem]">
        <div className="min-w-0">
          {repo ? (
            <>
              <Link href={basePath} className="inline-flex items-center gap-1 text-sm dark:border-slate-600 text-indigo-700 dark:text-indigo-300 hover:underline">
                <ArrowLeft aria-hidden className="h-4 w-4" /> All repositories
              </Link>
              <BranchChooser
                key={repo.fullName}
                owner={repo.owner}
                repo={repo.name}
                canWrite={repo.permission !== 'read'}
                initialMode={mode}
                suggestions={{ auto: autoBranchName(), suffix: randomSuffix() }}
              />
            </>
          ) : (
            <>
              {selected ? (
                <FormError className="mb-4">Repository {selected} was not found, or you do not have access to it.</FormError>
              ) : null}
              <RepoList repos={ordered} basePath={basePath} />
            </>
          )}
        </div>
        <aside aria-labelledby="recent-workspaces">
          <h2 id="recent-workspaces" className="text-sm font-semibold text-slate-800 dark:text-slate-200">
            Recent workspaces
          </h2>
          {recent.length ? (
            <ul className="mt-2 space-y-1">
              {recent.map((visit) => (
                <li key={`${visit.owner}/${visit.repo}/${visit.branch}`}>
                  <Link
                    href={workspacePath(visit.owner, visit.repo, visit.branch, visit.page)}
                    className="block rounded-md px-2 py-1.5 text-sm hover:bg-slate-100 dark:hover:bg-slate-800"
                  >
                    <span className="font-medium">
                      {visit.owner}/{visit.repo}
                    </span>{' '}
                    <span className="break-all font-mono text-indigo-700 dark:text-indigo-300">{visit.branch}</span>
                    <span className="block text-xs text-slate-500 dark:text-slate-400">{tabLabel(visit.page)}</span>
                  </Link>
                </li>
              ))}
            </ul>
          ) : (
            <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">Branches you open appear here.</p>
          )}
        </aside>
      </div>
    </>
  );
}
