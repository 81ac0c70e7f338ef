'use client';

import Link from 'next/link';
import { useSelectedLayoutSegment } from 'next/navigation';
import { workspacePath, workspaceTabs } from '@/lib/workspace/urls';

export function WorkspaceTabs({ owner, repo, branch }: { owner: string; repo: string; branch: string }) {
  // The Preview page is the branch root, which has no child segment.
  const current = useSelectedLayoutSegment() ?? 'preview';
  return (
    <nav aria-label="Workspace" className="flex gap-1 overflow-x-auto border-b border-slate-200 dark:border-slate-700 px-4">
      {workspaceTabs.map((tab) => {
        const active = tab.page === current;
        return (
          <Link
            key={tab.page}
            href={workspacePath(owner, repo, branch, tab.page)}
            aria-current={active ? 'page' : undefined}
            className={`-mb-px border-b-2 px-3 py-2 text-sm font-medium whitespace-nowrap ${
              active ? 'border-indigo-600 text-indigo-700 dark:text-indigo-300' : 'border-transparent text-slate-600 dark:text-slate-400 hover:text-slate-900 dark:hover:text-slate-100'
            }`}
          >
            {tab.label}
          </Link>
        );
      })}
    </nav>
  );
}
