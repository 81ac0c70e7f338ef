import type { Metadata } from 'next';
import { cookies } from 'next/headers';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { Logo } from '@/components/logo';
import { GlobalSidebar } from '@/components/shell/global-sidebar';
import { Providers } from '@/components/providers';
import { SidebarNav } from '@/components/sidebar-nav';
import { UserMenu } from '@/components/user-menu';
import { unseenAgents } from '@/lib/agents/unseen';
import { sessionUser } from '@/lib/auth';
import { db } from '@/lib/db';
import { NAV_COLLAPSED_COOKIE } from '@/lib/workspace/navigation';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'WebEDT', template: '%s · WebEDT' },
  description: 'Work on GitHub repositories in the browser: task agents and a live, shared workspace.',
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const navCollapsed = (await cookies()).get(NAV_COLLAPSED_COOKIE)?.value === '1';
  const user = await sessionUser();
  // The badge is a courtesy: a database hiccup must not take every page down with it.
  const agentsUnseen = user ? await unseenAgents(db(), user.id).catch(() => null) : null;
  return (
    // next-themes sets the theme class on <html> before React hydrates.
    <html lang="en" suppressHydrationWarning>
      <body className="bg-white text-slate-900 antialiased dark:bg-slate-950 dark:text-slate-100">
        <Providers>
          <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50">
            Skip to content
          </a>
          <div className="flex h-full flex-col">
            <header className="flex h-12 shrink-0 items-center justify-between border-b border-slate-200 dark:border-slate-700 px-4" role="banner">
              <Link href="/" className="flex items-center gap-2 font-semibold tracking-tight text-slate-900 dark:text-slate-100">
                <Logo className="h-6 w-6" />
                WebEDT
              </Link>
              <UserMenu />
            </header>
            <div className="flex min-h-0 flex-1 flex-col md:flex-row">
              <GlobalSidebar initiallyCollapsed={navCollapsed}>
                <SidebarNav agents={user && agentsUnseen ? { userId: user.id, unseen: agentsUnseen } : null} />
              </GlobalSidebar>
              <main id="main" className="min-w-0 flex-1 overflow-auto">
                {children}
              </main>
            </div>
          </div>
        </Providers>
      </body>
    </html>
  );
}
