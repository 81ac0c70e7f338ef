'use client';

import * as Dialog from '@radix-ui/react-dialog';
import { X } from 'lucide-react';
import { useEffect, useState } from 'react';
import { OverlayDialog } from '@/components/overlay-dialog';
import { isTyping } from '@/components/workspace/editor-guards';
import { keyLabel, matches, shortcutGroups, shortcuts } from './shortcuts';

let opener: (() => void) | null = null;

/** Opens the list of shortcuts (the command palette's "Show the keyboard shortcuts"). */
export function showShortcuts() {
  opener?.();
}

/**
 * The list of keyboard shortcuts, opened by ? (except while typing, where ? is a character) or from the
 * palette, in a Radix dialog: Escape closes it and focus returns to where it was.
 */
export function ShortcutsHelp() {
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const show = () => setOpen(true);
    opener = show;
    const onKey = (event: KeyboardEvent) => {
      if (!matches(event, shortcuts.help) || isTyping(event.target)) return;
      event.preventDefault();
      show();
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
      if (opener === show) opener = null;
    };
  }, []);
  return (
    <OverlayDialog open={open} onOpenChange={setOpen} className="top-[10vh] max-h-[80vh] w-[min(36rem,calc(100vw-1.5rem))] overflow-y-auto p-5">
      <div className="flex items-center justify-between">
        <Dialog.Title className="text-base font-semibold">Keyboard shortcuts</Dialog.Title>
        <Dialog.Close aria-label="Close" className="rounded-md p-1 text-slate-600 hover:bg-slate-100 dark:text-slate-400 dark:hover:bg-slate-800">
          <X aria-hidden className="size-4" />
        </Dialog.Close>
      </div>
      {shortcutGroups.map((group) => (
        <section key={group.heading} aria-label={group.heading} className="mt-4">
          <h3 className="text-xs font-medium uppercase tracking-wide text-slate-600 dark:text-slate-400">{group.heading}</h3>
          <ul className="mt-1 divide-y divide-slate-100 dark:divide-slate-800">
            {group.shortcuts.map((shortcut) => (
              <li key={shortcut.does} className="flex items-center justify-between gap-4 py-1.5 text-sm">
                <span>{shortcut.does}</span>
                <span className="flex shrink-0 gap-1.5">
                  {shortcut.keys.map((key) => (
                    <kbd key={key} className="rounded border border-slate-300 bg-slate-50 px-1.5 py-0.5 font-mono text-xs dark:border-slate-600 dark:bg-slate-800">
                      {keyLabel(key)}
                    </kbd>
                  ))}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </OverlayDialog>
  );
}
