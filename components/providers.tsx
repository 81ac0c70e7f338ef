'use client';

import { ThemeProvider } from 'next-themes';
import type { ReactNode } from 'react';
import { CommandPalette } from '@/components/command-palette/command-palette';

/** App-wide client state: the theme (light, dark or the system's; remembered in localStorage) and the command palette. */
export function Providers({ children }: { children: ReactNode }) {
  return (
    <ThemeProvider attribute="class" defaultTheme="system" enableSystem disableTransitionOnChange>
      {children}
      <CommandPalette />
    </ThemeProvider>
  );
}
