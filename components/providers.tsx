'use client';

import { ThemeProvider } from 'next-themes';
import type { ReactNode } from 'react';
import { CommandPalette } from '@/components/command-palette/command-palette';
import { ShortcutsHelp } from '@/components/command-palette/shortcuts-help';

/** App-wide client state: the theme (light, dark or the system's; remembered in localStorage), the command palette and the list of keyboard shortcuts. */
export function Providers({ children }: { children: ReactNode }) {
  return (
    <ThemeProvider attribute="class" defaultTheme="system" enableSystem disableTransitionOnChange>
      {children}
      <CommandPalette />
      <ShortcutsHelp />
    </ThemeProvider>
  );
}
