'use client';

import * as Dialog from '@radix-ui/react-dialog';
import { type ComponentProps, type ReactNode, useRef } from 'react';

/**
 * A Radix dialog floating over a dimmed page, near the top (the command palette, the keyboard
 * shortcuts): focus moves in and is trapped, Escape closes, and focus returns to where it was (Radix
 * returns it only to a trigger button, which these dialogs, opened by keys, do not have). `className` sizes it.
 */
export function OverlayDialog({
  open,
  onOpenChange,
  className,
  children,
  onCloseAutoFocus,
  ...content
}: { open: boolean; onOpenChange: (open: boolean) => void; className: string; children: ReactNode } & Omit<ComponentProps<typeof Dialog.Content>, 'className' | 'children'>) {
  const returnFocus = useRef<HTMLElement | null>(null);
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-slate-900/40 dark:bg-black/60" />
        <Dialog.Content
          aria-describedby={undefined}
          {...content}
          onOpenAutoFocus={(event) => {
            // Still the element focused before the dialog opened: focus moves in after this.
            returnFocus.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
            content.onOpenAutoFocus?.(event);
          }}
          onCloseAutoFocus={(event) => {
            event.preventDefault();
            const target = returnFocus.current;
            if (target?.isConnected) target.focus();
            onCloseAutoFocus?.(event);
          }}
          className={`fixed left-1/2 z-50 -translate-x-1/2 rounded-lg border border-slate-200 bg-white text-slate-900 shadow-2xl dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100 ${className}`}
        >
          {children}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
