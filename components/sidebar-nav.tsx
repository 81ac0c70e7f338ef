'use client';

import { Bot, FolderGit2 } from 'lucide-react';
import Link from 'next/link';
import { usePathname } from 'next/navigation';

const items = [
  { href: '/agents', label: 'Agents', icon: Bot },
  { href: '/workspace', label: 'Workspace', icon: FolderGit2 },
];

export function SidebarNav() {
  const pathname = usePathname();
  return (
    <nav aria-label="Main" className="flex gap-1 p-2 md:flex-col md:p-3 group-data-[collapsed]/sidebar:md:p-2">
      {items.map((item) => {
        const active = pathname === item.href || pathname.startsWith(`${item.href}/`);
        return (
          <Link
            key={item.href}
            href={item.href}
            aria-current={active ? 'page' : undefined}
            className={`flex items-center gap-2 rounded-md px-3 py-2 text-sm font-medium group-data-[collapsed]/sidebar:justify-center group-data-[collapsed]/sidebar:px-0 ${
              active ? 'bg-indigo-50 dark:bg-indigo-950 text-indigo-700 dark:text-indigo-300' : 'text-slate-700 dark:text-slate-300 hover:bg-slate-100 dark:hover:bg-slate-800'
            }`}
          >
            <item.icon aria-hidden className="h-4 w-4 shrink-0" />
            <span className="group-data-[collapsed]/sidebar:sr-only">{item.label}</span>
          </Link>
        );
      })}
    </nav>
  );
}
