'use client';

import { useEffect, useRef } from 'react';

/**
 * What other parts of the app (the command palette) ask of the code editor: open a file (at a line),
 * show "Search in files", open the commit dialog. A request made while no editor is mounted — the
 * palette is navigating to the Code page — waits for the editor that mounts next.
 */
export type EditorRequest = { kind: 'open'; path: string; line?: number; column?: number } | { kind: 'search' } | { kind: 'commit' };

interface Editor {
  handle: (request: EditorRequest) => void;
  /** Whether this user can commit here (the palette offers "Commit" only then). */
  canCommit: boolean;
}

let mounted: Editor | null = null;
let waiting: EditorRequest | null = null;

/** Hands the request to the mounted editor; false when there is none (it waits for the next one). */
export function requestEditor(request: EditorRequest): boolean {
  if (mounted) {
    mounted.handle(request);
    return true;
  }
  waiting = request;
  return false;
}

export function mountedEditor(): { canCommit: boolean } | null {
  return mounted && { canCommit: mounted.canCommit };
}

/** Registers the code editor as the receiver of requests while it is mounted. */
export function useEditorRequests(handle: (request: EditorRequest) => void, canCommit: boolean) {
  const latest = useRef(handle);
  useEffect(() => {
    latest.current = handle;
  });
  useEffect(() => {
    const editor: Editor = { handle: (request) => latest.current(request), canCommit };
    mounted = editor;
    if (waiting) {
      const request = waiting;
      waiting = null;
      editor.handle(request);
    }
    return () => {
      if (mounted === editor) mounted = null;
    };
  }, [canCommit]);
}
