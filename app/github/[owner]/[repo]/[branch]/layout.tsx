import Link from 'next/link';
import type { ReactNode } from 'react';
import { AgentsPanel } from '@/components/workspace/agents/agents-panel';
import { AgentStartReceiver } from '@/components/workspace/agents/agents-panel-requests';
import { ActivityPanel } from '@/components/workspace/collab/activity-panel';
import { CollabHeader } from '@/components/workspace/collab/collab-header';
import { WorkspaceProviders } from '@/components/workspace/shell/shell-context';
import { StatusBar } from '@/components/workspace/shell/status-bar';
import { PaneSwitcher, WorkspaceBody } from '@/components/workspace/shell/workspace-body';
import { VisitRecorder } from '@/components/workspace/visit-recorder';
import { WorkspaceTabs } from '@/components/workspace/workspace-tabs';
import { env } from '@/lib/env';
import { loadWorkspace } from '@/lib/workspace/context';
import { githubBranchUrl } from '@/lib/github/web-urls';

// The branch comes from the request path, not from params (see loadWorkspace).
export async function generateMetadata() {
  const workspace = await loadWorkspace();
  return { title: `${workspace.owner}/${workspace.repo} @ ${workspace.branch}` };
}

export default async function WorkspaceLayout({ children }: { children: ReactNode }) {
  const workspace = await loadWorkspace();
  return (
    <WorkspaceProviders owner={workspace.owner} repo={workspace.repo} branch={workspace.branch} selfId={workspace.user.id}>
      <div className="flex h-full flex-col">
        <div className="flex flex-wrap items-center justify-between gap-3 border-b border-slate-200 dark:border-slate-700 px-3 py-2 md:px-6 md:py-3">
          <h1 className="min-w-0 text-lg font-semibold" data-testid="branch-context">
            <span className="text-slate-600 dark:text-slate-400">{workspace.owner}/</span>
            {workspace.repo} <span className="text-slate-400 dark:text-slate-500">@</span>{' '}
            <span className="break-all font-mono text-indigo-700 dark:text-indigo-300">{workspace.branch}</span>
          </h1>
          <div className="flex items-center gap-2 text-sm">
            <CollabHeader />
            {workspace.permission === 'read' ? (
              <span className="rounded-full bg-amber-50 dark:bg-amber-950 px-2 py-0.5 text-xs text-amber-800 dark:text-amber-200">Read-only</span>
            ) : null}
            <a
              href={githubBranchUrl(env().GITHUB_URL, workspace.owner, workspace.repo, workspace.branch)}
              target="_blank"
              rel="noreferrer"
              className="rounded-md px-2 py-1 text-slate-700 dark:text-slate-300 hover:bg-slate-100 dark:hover:bg-slate-800"
            >
              View on GitHub
            </a>
            <Link
              href={`/workspace?repo=${encodeURIComponent(`${workspace.owner}/${workspace.repo}`)}`}
              className="rounded-md border border-slate-300 dark:border-slate-600 px-3 py-1 font-medium text-slate-800 dark:text-slate-200 hover:bg-slate-50 dark:hover:bg-slate-900"
            >
              Select New Branch
            </Link>
          </div>
        </div>
        <WorkspaceTabs owner={workspace.owner} repo={workspace.repo} branch={workspace.branch} />
        {workspace.permission !== 'read' ? <AgentStartReceiver /> : null}
        <VisitRecorder owner={workspace.owner} repo={workspace.repo} branch={workspace.branch} />
        <PaneSwitcher />
        <div className="min-h-0 flex-1">
          <WorkspaceBody
            activity={<ActivityPanel githubUrl={env().GITHUB_URL} owner={workspace.owner} repo={workspace.repo} />}
            agents={<AgentsPanel owner={workspace.owner} repo={workspace.repo} branch={workspace.branch} canWrite={workspace.permission !== 'read'} />}
          >
            <div className="h-full min-h-0 min-w-0 overflow-auto">{children}</div>
          </WorkspaceBody>
        </div>
        <StatusBar />
      </div>
    </WorkspaceProviders>
  );
}
