'use client';

import type { PendingChange } from '@/lib/workspace/collab-protocol';
import { useCollabSnapshot } from './collab-provider';

/** The changed lines of a pending change: the lines between what both versions start and end with. */
function changedLines({ before, after }: PendingChange): { removed: string[]; added: string[] } {
  const a = before === null ? [] : before.split('\n');
  const b = after === null ? [] : after.split('\n');
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let end = 0;
  while (end < a.length - start && end < b.length - start && a[a.length - 1 - end] === b[b.length - 1 - end]) end++;
  return { removed: a.slice(start, a.length - end), added: b.slice(start, b.length - end) };
}

/**
 * Over a file an agent or a Live Chat turn is changing right now, in every editor: who, and its change so
 * far, live (for a binary file, only that it changes). When it commits, the usual reload offer follows
 * (`FileChangedNotice`).
 */
export function PendingChangeNotice({ path }: { path: string }) {
  const { people } = useCollabSnapshot();
  const editing = people.filter((entry) => entry.participant?.pending?.path === path);
  if (editing.length === 0) return null;
  return (
    <section aria-label="Pending change" aria-live="polite" className="space-y-1 border-b border-sky-200 bg-sky-50 px-4 py-2 text-sm text-sky-950 dark:border-sky-800 dark:bg-sky-950 dark:text-sky-100">
      {editing.map((entry) => {
        const participant = entry.participant!;
        const pending = participant.pending!;
        if (pending.binary) {
          return (
            <p key={entry.user.id}>
              {participant.label} is changing this file; its change is not committed yet.
            </p>
          );
        }
        const { removed, added } = changedLines(pending);
        return (
          <div key={entry.user.id}>
            <p>
              {participant.label} is {pending.after === null ? 'deleting' : 'editing'} this file; its change is not committed yet.
            </p>
            <details>
              <summary className="cursor-pointer text-xs">Its change so far{pending.truncated ? ' (shortened)' : ''}</summary>
              <pre aria-label={`Pending change of ${participant.label}`} className="mt-1 max-h-48 overflow-auto rounded bg-white p-2 font-mono text-xs dark:bg-slate-900">
                {removed.map((line, index) => (
                  <span key={`-${index}`} className="block text-red-800 dark:text-red-300">
                    - {line}
                  </span>
                ))}
                {added.map((line, index) => (
                  <span key={`+${index}`} className="block text-green-800 dark:text-green-300">
                    + {line}
                  </span>
                ))}
              </pre>
            </details>
          </div>
        );
      })}
    </section>
  );
}
