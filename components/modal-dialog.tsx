'use client';

import { type ReactNode, useEffect, useRef } from 'react';

/**
 * A native modal `<dialog>` shown while `open` (focus trapped, Escape closes, the page behind is
 * inert). `onClose` runs when the browser closes it (Escape), so the owner's state follows.
 */
export function ModalDialog({ open, labelledBy, onClose, className, children }: { open: boolean; labelledBy: string; onClose: () => void; className: string; children: ReactNode }) {
  const dialogRef = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog ref={dialogRef} aria-labelledby={labelledBy} onClose={onClose} className={`m-auto max-w-[95vw] rounded-lg border border-slate-200 dark:border-slate-700 shadow-xl backdrop:bg-slate-900/30 dark:backdrop:bg-slate-700/30 ${className}`}>
      {children}
    </dialog>
  );
}
