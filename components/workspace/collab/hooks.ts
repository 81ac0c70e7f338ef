'use client';

import type { Extension } from '@codemirror/state';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { TextRange } from '@/lib/realtime/client/workspace-connection';
import { changesFile, userColor } from '@/lib/workspace/activity';
import { displayName, type WorkspaceEventView } from '@/lib/workspace/collab-protocol';
import { useCollab, useCollabSnapshot } from './collab-provider';
import { type RemoteCursor, remoteCursorsExtension, remoteCursorStore } from './remote-cursors';

/** The current time, refreshed every `intervalMs` (relative times and idle minutes age while shown). */
export function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/** Carets and selections of the other people online with `path` open in the code editor. */
export function useRemoteCursors(path: string | null): RemoteCursor[] {
  const { people } = useCollabSnapshot();
  return useMemo(
    () =>
      people.flatMap((entry) => {
        if (!path || entry.page !== 'code' || entry.cursor?.path !== path) return [];
        const head = entry.selection?.head ?? { line: entry.cursor.line, ch: entry.cursor.ch };
        return [{ userId: entry.user.id, name: displayName(entry.user), color: userColor(entry.user.id), head, anchor: entry.selection?.anchor ?? head }];
      }),
    [people, path],
  );
}

/** `remoteCursorsExtension` fed by `useRemoteCursors(path)`: stable, for an editor's `extensions`. */
export function useRemoteCursorsExtension(path: string | null): Extension {
  const cursors = useRemoteCursors(path);
  const [store] = useState(remoteCursorStore);
  useEffect(() => store.set(cursors), [store, cursors]);
  return useMemo(() => remoteCursorsExtension(store), [store]);
}

/** For an editor's `onSelectionChange(path, range)`: tells the others where the caret is (null: none). */
export function useReportSelection(): (path: string, range: TextRange | null) => void {
  const { connection } = useCollab();
  return useCallback((path, range) => connection.setSelection(path, range), [connection]);
}

export interface FileChange {
  path: string;
  event: WorkspaceEventView;
}

/**
 * The latest change someone else (or the user's agent) made to `path` while it is open (from the live event log), so the
 * editor can offer to reload it; `dismiss` forgets it, e.g. after reloading.
 */
export function useFileChanged(path: string | null): { change: FileChange | null; dismiss: () => void } {
  const { connection, selfId } = useCollab();
  const [change, setChange] = useState<FileChange | null>(null);
  useEffect(() => {
    if (!path) return;
    return connection.onEvent((event) => {
      // The user's own agent commits as them, but not from this tab: offered like anyone else's change.
      const someoneElse = event.user.id !== selfId || event.page === 'agent';
      if (someoneElse && changesFile(event, path)) setChange({ path, event });
    });
  }, [connection, selfId, path]);
  const dismiss = useCallback(() => setChange(null), []);
  return { change: change && change.path === path ? change : null, dismiss };
}
