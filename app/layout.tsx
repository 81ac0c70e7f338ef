import type { Metadata } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { Logo } from '@/components/logo';
import { SidebarNav } from '@/components/sidebar-nav';
import { UserMenu } from '@/components/user-menu';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'WebEDT', template: '%s · WebEDT' },
  description: 'Work on GitHub repositories in the browser: task agents and a live, shared workspace.',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="bg-white text-slate-900 antialiased">
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50">
          Skip to content
        </a>
        <div className="flex h-full flex-col">
          <header className="flex h-12 shrink-0 items-center justify-between border-b border-slate-200 px-4" role="banner">
            <Link href="/" className="flex items-center gap-2 font-semibold tracking-tight text-slate-900">
              <Logo className="h-6 w-6" />
              WebEDT
            </Link>
            <UserMenu />
          </header>
          <div className="flex min-h-0 flex-1">
            <aside className="w-52 shrink-0 border-r border-slate-200 bg-slate-50" aria-label="Sidebar">
              <SidebarNav />
            </aside>
            <main id="main" className="min-w-0 flex-1 overflow-auto">
              {children}
            </main>
          </div>
        </div>
      </body>
    </html>
  );
}
