'use client';

import { type FormEvent, useState } from 'react';
import { ModalDialog } from '@/components/modal-dialog';
import type { StagedChange } from '@/lib/code/staging';
import { FormError } from '@/components/form-error';

type ChangeKind = StagedChange['kind'];
/** A file of the commit and what happens to it (the code editor's staged changes, or the files an asset editor writes). */
export type CommitItem = { path: string; change: { kind: ChangeKind } };

const changeWords: Record<ChangeKind, string> = { create: 'added', edit: 'modified', delete: 'deleted', rename: 'renamed' };

function defaultMessage(items: CommitItem[]): string {
  if (items.length !== 1) return `Update ${items.length} files`;
  const [{ path, change }] = items as [CommitItem];
  const verb = { create: 'Add', edit: 'Update', delete: 'Delete', rename: 'Rename' }[change.kind];
  return `${verb} ${path}`;
}

interface CommitFormProps {
  branch: string;
  items: CommitItem[];
  committing: boolean;
  error: string | null;
  onCommit: (message: string) => void;
  onClose: () => void;
}

function CommitForm({ branch, items, committing, error, onCommit, onClose }: CommitFormProps) {
  const [message, setMessage] = useState('');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!committing && items.length) onCommit(message.trim() || defaultMessage(items));
  };

  return (
    <form onSubmit={submit} className="space-y-3 p-5">
      <h2 id="commit-heading" className="text-lg font-semibold">
        Commit to <span className="font-mono text-indigo-700 dark:text-indigo-300">{branch}</span>
      </h2>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        {items.length} staged {items.length === 1 ? 'change' : 'changes'}, written as one commit:
      </p>
      <ul aria-label="Files in this commit" className="max-h-40 overflow-auto rounded border border-slate-200 dark:border-slate-700 text-sm">
        {items.map(({ path, change }) => (
          <li key={path} className="flex justify-between gap-2 px-3 py-1">
            <span className="truncate font-mono text-xs">{path}</span>
            <span className="shrink-0 text-xs text-slate-500 dark:text-slate-400">{changeWords[change.kind]}</span>
          </li>
        ))}
      </ul>
      <label className="block text-sm font-medium text-slate-800 dark:text-slate-200">
        Commit message
        <textarea
          autoFocus
          rows={3}
          value={message}
          placeholder={defaultMessage(items)}
          onChange={(event) => setMessage(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && (event.metaKey || event.ctrlKey)) submit(event);
          }}
          className="mt-1 block w-full rounded-md border border-slate-300 dark:border-slate-600 px-3 py-2 font-normal focus:border-indigo-500 focus:outline-none"
        />
      </label>
      <FormError>{error}</FormError>
      <div className="flex justify-end gap-2">
        <button type="button" onClick={onClose} className="rounded-md px-3 py-1.5 text-sm text-slate-700 dark:text-slate-300 hover:bg-slate-100 dark:hover:bg-slate-800">
          Cancel
        </button>
        <button
          type="submit"
          disabled={committing || items.length === 0}
          className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-700 disabled:opacity-50"
        >
          {committing ? 'Committing…' : 'Commit'}
        </button>
      </div>
    </form>
  );
}

/** Ctrl/Cmd+S: one message, one commit for everything staged. The message starts empty each time it opens. */
export function CommitDialog({ open, ...form }: CommitFormProps & { open: boolean }) {
  return (
    <ModalDialog open={open} labelledBy="commit-heading" onClose={form.onClose} className="w-[32rem] p-0">
      {open ? <CommitForm {...form} /> : null}
    </ModalDialog>
  );
}
