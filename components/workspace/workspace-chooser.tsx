import Link from 'next/link';
import { PageHeader } from '@/components/page-header';
import { requirePageUser } from '@/lib/auth/page';
import { db } from '@/lib/db';
import { githubClientForUser } from '@/lib/github/client';
import { listUserRepos } from '@/lib/github/repos';
import { autoBranchName, randomSuffix } from '@/lib/workspace/new-branch';
import { workspacePath, workspaceTabs } from '@/lib/workspace/urls';
import { recentFirst, recentWorkspaces } from '@/lib/workspace/visits';
import { BranchChooser, type BranchMode } from './branch-chooser';
import { RepoList } from './repo-list';

/**
 * `/workspace` and `/workspace/new`: step 1 picks a repository (`?repo=owner/name` in the URL, so
 * back/forward and reload keep the step), step 2 picks or creates a branch.
 */
export async function WorkspaceChooser({ selected, mode, basePath }: { selected?: string; mode: BranchMode; basePath: string }) {
  const user = await requirePageUser();
  const github = await githubClientForUser(db(), user.id);
  const [repos, recent] = await Promise.all([listUserRepos(github), recentWorkspaces(db(), user.id)]);
  const ordered = recentFirst(repos, recent);
  const repo = selected ? ordered.find((candidate) => candidate.fullName.toLowerCase() === selected.toLowerCase()) : undefined;
  const tabLabel = (page: string) => workspaceTabs.find((tab) => tab.page === page)?.label ?? page;

  return (
    <>
      <PageHeader
        title={mode === 'existing' ? 'Workspace' : 'New branch'}
        description={
          repo ? `Choose a branch of ${repo.fullName}, or create one.` : 'Pick a repository, then a branch, to open its live workspace.'
        }
      >
        {mode === 'existing' ? (
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
              <Link href={basePath} className="text-sm text-indigo-700 hover:underline">
                ← All repositories
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
                <p role="alert" className="mb-4 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
                  Repository {selected} was not found, or you do not have access to it.
                </p>
              ) : null}
              <RepoList repos={ordered} basePath={basePath} />
            </>
          )}
        </div>
        <aside aria-labelledby="recent-workspaces">
          <h2 id="recent-workspaces" className="text-sm font-semibold text-slate-800">
            Recent workspaces
          </h2>
          {recent.length ? (
            <ul className="mt-2 space-y-1">
              {recent.map((visit) => (
                <li key={`${visit.owner}/${visit.repo}/${visit.branch}`}>
                  <Link
                    href={workspacePath(visit.owner, visit.repo, visit.branch, visit.page)}
                    className="block rounded-md px-2 py-1.5 text-sm hover:bg-slate-100"
                  >
                    <span className="font-medium">
                      {visit.owner}/{visit.repo}
                    </span>{' '}
                    <span className="break-all font-mono text-indigo-700">{visit.branch}</span>
                    <span className="block text-xs text-slate-500">{tabLabel(visit.page)}</span>
                  </Link>
                </li>
              ))}
            </ul>
          ) : (
            <p className="mt-2 text-sm text-slate-600">Branches you open appear here.</p>
          )}
        </aside>
      </div>
    </>
  );
}
