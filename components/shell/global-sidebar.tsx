'use client';

import { PanelLeftClose, PanelLeftOpen } from 'lucide-react';
import { usePathname } from 'next/navigation';
import { type ReactNode, useState } from 'react';
import { isWorkspacePath, NAV_COLLAPSED_COOKIE } from '@/lib/workspace/navigation';

const YEAR_SECONDS = 365 * 24 * 60 * 60;

/**
 * The global navigation beside every page (above it at phone width). On workspace pages it can be
 * collapsed to a narrow rail, and stays so (per browser) until expanded again; elsewhere it is shown.
 */
export function GlobalSidebar({ initiallyCollapsed, children }: { initiallyCollapsed: boolean; children: ReactNode }) {
  const pathname = usePathname();
  const [preference, setPreference] = useState(initiallyCollapsed);
  const collapsible = isWorkspacePath(pathname);
  const collapsed = collapsible && preference;

  const toggle = () => {
    const next = !preference;
    setPreference(next);
    document.cookie = `${NAV_COLLAPSED_COOKIE}=${next ? '1' : '0'}; path=/; max-age=${YEAR_SECONDS}; samesite=lax`;
  };

  return (
    <aside
      aria-label="Sidebar"
      data-collapsed={collapsed || undefined}
      className={`group/sidebar flex shrink-0 items-center justify-between border-b border-slate-200 bg-slate-50 md:flex-col md:items-stretch md:justify-start md:border-r md:border-b-0 dark:border-slate-700 dark:bg-slate-900 ${collapsed ? 'md:w-14' : 'md:w-52'}`}
    >
      {children}
      {collapsible ? (
        <button
          type="button"
          onClick={toggle}
          aria-expanded={!collapsed}
          aria-label={collapsed ? 'Expand navigation' : 'Collapse navigation'}
          title={collapsed ? 'Expand navigation' : 'Collapse navigation'}
          className="m-2 flex justify-center rounded-md p-1.5 text-slate-600 hover:bg-slate-100 md:mt-auto dark:text-slate-300 dark:hover:bg-slate-800"
        >
          {collapsed ? <PanelLeftOpen aria-hidden size={18} /> : <PanelLeftClose aria-hidden size={18} />}
        </button>
      ) : null}
    </aside>
  );
}
