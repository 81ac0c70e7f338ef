'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { matches, shortcuts } from '@/components/command-palette/shortcuts';
import { isTyping, useLeaveWarning } from '@/components/workspace/editor-guards';
import { createHistory, type History, type HistoryLimits, record, redo, undo } from '@/lib/media/history';

export type LoadState = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready' };

/**
 * What the image and sound editors share: the picture or clip loaded once (from the branch, or
 * given for a new file), its undo history, and whether it differs from what was last committed
 * (with the browser's leave-page warning).
 */
export function useMediaEditor<T>(options: {
  /** Loads the content; runs once per editor (the parent remounts it to load another file). */
  load: (() => Promise<T>) | null;
  /** The content of a new file, instead of loading one. */
  initial: T | null;
  limits: HistoryLimits<T>;
  /** The content last committed from this editor. */
  committed: T | null;
  onLoaded?: (content: T) => void;
}) {
  const { limits, committed } = options;
  const [load, setLoad] = useState<LoadState>(options.initial ? { state: 'ready' } : { state: 'loading' });
  const [history, setHistory] = useState<History<T> | null>(options.initial ? createHistory(options.initial) : null);
  const [loaded, setLoaded] = useState<T | null>(null);
  const first = useRef({ load: options.load, onLoaded: options.onLoaded });

  useEffect(() => {
    const { load: loadContent, onLoaded } = first.current;
    if (!loadContent) return;
    let cancelled = false;
    loadContent().then(
      (content) => {
        if (cancelled) return;
        setLoaded(content);
        setHistory(createHistory(content));
        onLoaded?.(content);
        setLoad({ state: 'ready' });
      },
      (error: unknown) => {
        if (!cancelled) setLoad({ state: 'error', message: error instanceof Error ? error.message : 'The file could not be loaded.' });
      },
    );
    return () => {
      cancelled = true;
    };
  }, []);

  const present = history?.present ?? null;
  // New content (nothing loaded, nothing committed) counts as changed until it is committed.
  const dirty = present !== null && present !== (committed ?? loaded);

  useLeaveWarning(dirty);

  const apply = useCallback((change: (content: T) => T) => setHistory((current) => (current ? record(current, change(current.present), limits) : current)), [limits]);
  const undoStep = useCallback(() => setHistory((current) => current && undo(current)), []);
  const redoStep = useCallback(() => setHistory((current) => current && redo(current)), []);

  return { load, history, present, loaded, dirty, apply, undo: undoStep, redo: redoStep };
}

/**
 * The editors' keyboard: Ctrl/Cmd+S commits, Ctrl/Cmd+Z undoes, Ctrl/Cmd+Shift+Z and Ctrl/Cmd+Y
 * redo; other keys go to `onKey` unless the user is typing in a field. Nothing but the commit
 * works while a commit is in flight.
 */
export function useEditorShortcuts({
  committing,
  onCommit,
  onUndo,
  onRedo,
  onKey,
}: {
  committing: boolean;
  onCommit: () => void;
  onUndo: () => void;
  onRedo: () => void;
  onKey: (key: string, event: KeyboardEvent) => void;
}) {
  useEffect(() => {
    const handle = (event: KeyboardEvent) => {
      if (matches(event, shortcuts.commit)) {
        event.preventDefault();
        onCommit();
        return;
      }
      if (isTyping(event.target) || committing) return;
      if (matches(event, shortcuts.undo)) {
        event.preventDefault();
        onUndo();
      } else if (matches(event, shortcuts.redo)) {
        event.preventDefault();
        onRedo();
      } else if (!event.ctrlKey && !event.metaKey && !event.altKey) {
        onKey(event.key.toLowerCase(), event);
      }
    };
    window.addEventListener('keydown', handle);
    return () => window.removeEventListener('keydown', handle);
  }, [onCommit, onKey, committing, onUndo, onRedo]);
}
