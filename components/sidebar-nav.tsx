'use client';

import { Bot, FolderGit2 } from 'lucide-react';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import type { ReactNode } from 'react';
import { AgentsAttentionBadge } from './agents/agents-attention-badge';

const items = [
  { href: '/agents', label: 'Agents', icon: Bot },
  { href: '/workspace', label: 'Workspace', icon: FolderGit2 },
];

const AGENTS_BADGE_ID = 'agents-attention-badge';

/** `agents`: the signed-in user and their agents that need them (the Agents badge); null when signed out. */
export function SidebarNav({ agents }: { agents: { userId: string; unseen: Record<string, string> } | null }) {
  const pathname = usePathname();
  const badges: Record<string, ReactNode> = {
    '/agents': agents ? <AgentsAttentionBadge userId={agents.userId} initialUnseen={agents.unseen} describes={AGENTS_BADGE_ID} /> : null,
  };
  return (
    <nav aria-label="Main" className="flex gap-1 p-2 md:flex-col md:p-3 group-data-[collapsed]/sidebar:md:p-2">
      {items.map((item) => {
        const active = pathname === item.href || pathname.startsWith(`${item.href}/`);
        const badge = badges[item.href];
        return (
          // The badge sits beside the link, not in it: the link keeps its name ("Agents") and is described by the count.
          <div key={item.href} className="relative">
            <Link
              href={item.href}
              aria-current={active ? 'page' : undefined}
              aria-describedby={badge ? AGENTS_BADGE_ID : undefined}
              className={`flex items-center gap-2 rounded-md px-3 py-2 text-sm font-medium group-data-[collapsed]/sidebar:justify-center group-data-[collapsed]/sidebar:px-0 ${
                active ? 'bg-indigo-50 dark:bg-indigo-950 text-indigo-700 dark:text-indigo-300' : 'text-slate-700 dark:text-slate-300 hover:bg-slate-100 dark:hover:bg-slate-800'
              }`}
            >
              <item.icon aria-hidden className="h-4 w-4 shrink-0" />
              <span className="group-data-[collapsed]/sidebar:sr-only">{item.label}</span>
            </Link>
            {badge}
          </div>
        );
      })}
    </nav>
  );
}
