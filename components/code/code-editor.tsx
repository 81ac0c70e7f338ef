'use client';

import { autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { bracketMatching, foldGutter, foldKeymap, indentOnInput } from '@codemirror/language';
import { highlightSelectionMatches, searchKeymap } from '@codemirror/search';
import { Compartment, EditorSelection as Selection, EditorState, Prec, type Extension } from '@codemirror/state';
import {
  crosshairCursor,
  drawSelection,
  dropCursor,
  EditorView,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  keymap,
  lineNumbers,
  rectangularSelection,
} from '@codemirror/view';
import { useEffect, useRef } from 'react';
import { documentState, documentText } from '@/lib/code/document';
import type { FileView } from '@/lib/workspace/ui-state';
import { editorTheme } from './editor-theme';

/** A position as line and character, both 0-based (CodeMirror 5's convention, used by presence). */
export interface EditorPosition {
  line: number;
  ch: number;
}

export interface EditorSelection {
  anchor: EditorPosition;
  head: EditorPosition;
}

export interface CodeEditorProps {
  /** The open file; each path keeps its own document, undo history and selection. */
  path: string;
  /** The text a document starts from when the path is opened for the first time (or `revision` changes). */
  text: string;
  /** Bump to replace the document of `path` with `text` (after a discard, a conflict resolution…). */
  revision: number;
  readOnly: boolean;
  /** More extensions, e.g. other people's cursors from the collaboration layer. Keep the array stable. */
  extensions?: Extension[];
  /** The document's text, a moment after typing pauses (and at once on blur, save or switching files). */
  onChange?: (path: string, text: string) => void;
  onSelectionChange?: (path: string, selection: EditorSelection) => void;
  /** Ctrl/Cmd+S. */
  onSave?: () => void;
  /** Moves the caret to a line (1-based) and column (0-based) of the open file, scrolled into view; a new `seq` moves it again. */
  reveal?: { line: number; column: number; seq: number } | null;
  /** Where a file was left (cursor and scroll), for putting it back when it is opened again. */
  savedViewOf?: (path: string) => FileView | undefined;
  /** Cursor and scroll of a file, a moment after they settle (and at once when switching files or leaving). */
  onViewChange?: (path: string, view: FileView) => void;
}

const CHANGE_DELAY_MS = 150;
const VIEW_DELAY_MS = 250;

/** The editor's settings that are the same for every file. */
export const basicEditing: Extension = [
  lineNumbers(),
  highlightActiveLineGutter(),
  highlightSpecialChars(),
  history(),
  foldGutter(),
  drawSelection(),
  dropCursor(),
  EditorState.allowMultipleSelections.of(true),
  indentOnInput(),
  editorTheme,
  bracketMatching(),
  closeBrackets(),
  autocompletion(),
  rectangularSelection(),
  crosshairCursor(),
  highlightActiveLine(),
  highlightSelectionMatches(),
  keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...searchKeymap, ...historyKeymap, ...foldKeymap, ...completionKeymap, indentWithTab]),
  EditorView.theme({
    '&': { height: '100%', fontSize: '13px' },
    '.cm-scroller': { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, monospace' },
  }),
];

/** The selection and the first line in view, as document offsets. */
function viewOf(view: EditorView): FileView {
  const { anchor, head } = view.state.selection.main;
  const top = view.lineBlockAtHeight(view.scrollDOM.getBoundingClientRect().top - view.documentTop).from;
  return { anchor, head, top };
}

function position(state: EditorState, offset: number): EditorPosition {
  const line = state.doc.lineAt(offset);
  return { line: line.number - 1, ch: offset - line.from };
}

export function CodeEditor({ path, text, revision, readOnly, extensions, onChange, onSelectionChange, onSave, reveal, savedViewOf, onViewChange }: CodeEditorProps) {
  const parentRef = useRef<HTMLDivElement>(null);
  const viewRef = useRef<EditorView | null>(null);
  const documents = useRef(new Map<string, { state: EditorState; revision: number }>());
  const current = useRef<{ path: string; revision: number } | null>(null);
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  const compartments = useRef({ readOnly: new Compartment(), extra: new Compartment(), label: new Compartment() });
  const callbacks = useRef({ onChange, onSelectionChange, onSave, savedViewOf, onViewChange });
  const pendingView = useRef<ReturnType<typeof setTimeout> | null>(null);
  const settings = useRef({ readOnly, extensions });

  useEffect(() => {
    callbacks.current = { onChange, onSelectionChange, onSave, savedViewOf, onViewChange };
    settings.current = { readOnly, extensions };
  });

  // Reports the text now instead of after the pause.
  const flush = useRef(() => {
    if (!pending.current) return;
    clearTimeout(pending.current);
    pending.current = null;
    const view = viewRef.current;
    if (view && current.current) callbacks.current.onChange?.(current.current.path, documentText(view.state));
  });

  // Reports where the open file is left now instead of after the pause.
  const flushView = useRef(() => {
    if (!pendingView.current) return;
    clearTimeout(pendingView.current);
    pendingView.current = null;
    const view = viewRef.current;
    if (view && current.current) callbacks.current.onViewChange?.(current.current.path, viewOf(view));
  });

  const scheduleView = useRef(() => {
    if (pendingView.current) clearTimeout(pendingView.current);
    pendingView.current = setTimeout(flushView.current, VIEW_DELAY_MS);
  });

  const stateFor = useRef((forPath: string, initialText: string) => {
    const { readOnly: locked, extensions: extra } = settings.current;
    const { readOnly: readOnlyCompartment, extra: extraCompartment, label } = compartments.current;
    return documentState(forPath, initialText, [
      basicEditing,
      Prec.highest(
        keymap.of([
          {
            key: 'Mod-s',
            preventDefault: true,
            run: () => {
              flush.current();
              callbacks.current.onSave?.();
              return true;
            },
          },
        ]),
      ),
      readOnlyCompartment.of([EditorState.readOnly.of(locked), EditorView.editable.of(!locked)]),
      extraCompartment.of(extra ?? []),
      // tabindex: a read-only file (not contenteditable) can still be focused, read and scrolled by keyboard.
      label.of(EditorView.contentAttributes.of({ 'aria-label': `Contents of ${forPath}`, tabindex: '0' })),
      EditorView.updateListener.of((update) => {
        const open = current.current;
        if (!open) return;
        if (update.docChanged) {
          if (pending.current) clearTimeout(pending.current);
          pending.current = setTimeout(flush.current, CHANGE_DELAY_MS);
        }
        if (update.selectionSet) scheduleView.current();
        if (update.selectionSet || update.docChanged) {
          const main = update.state.selection.main;
          callbacks.current.onSelectionChange?.(open.path, {
            anchor: position(update.state, main.anchor),
            head: position(update.state, main.head),
          });
        }
        if (update.focusChanged && !update.view.hasFocus) flush.current();
      }),
    ]);
  });

  useEffect(() => {
    const view = new EditorView({ parent: parentRef.current! });
    viewRef.current = view;
    const flushNow = flush.current;
    const flushViewNow = flushView.current;
    const onScroll = scheduleView.current;
    view.scrollDOM.addEventListener('scroll', onScroll, { passive: true });
    window.addEventListener('pagehide', flushNow);
    window.addEventListener('pagehide', flushViewNow);
    return () => {
      view.scrollDOM.removeEventListener('scroll', onScroll);
      window.removeEventListener('pagehide', flushNow);
      window.removeEventListener('pagehide', flushViewNow);
      flushNow();
      flushViewNow();
      view.destroy();
      viewRef.current = null;
      current.current = null;
    };
  }, []);

  useEffect(() => {
    const view = viewRef.current;
    if (!view) return;
    const open = current.current;
    if (open && open.path === path && open.revision === revision) return;
    flush.current();
    flushView.current();
    if (open) documents.current.set(open.path, { state: view.state, revision: open.revision });
    const saved = documents.current.get(path);
    const left = callbacks.current.savedViewOf?.(path);
    let state = saved && saved.revision === revision ? saved.state : stateFor.current(path, text);
    // A file opened afresh (after a reload, too) gets its cursor back; a kept one still has it.
    if (!saved && left) state = state.update({ selection: Selection.single(Math.min(left.anchor, state.doc.length), Math.min(left.head, state.doc.length)) }).state;
    current.current = { path, revision };
    view.setState(state);
    if (left) view.dispatch({ effects: EditorView.scrollIntoView(Math.min(left.top, state.doc.length), { y: 'start' }) });
    // A kept document may have been made under other settings.
    const { readOnly: readOnlyCompartment, extra } = compartments.current;
    view.dispatch({
      effects: [
        readOnlyCompartment.reconfigure([EditorState.readOnly.of(readOnly), EditorView.editable.of(!readOnly)]),
        extra.reconfigure(extensions ?? []),
      ],
    });
  }, [path, revision, text, readOnly, extensions]);

  useEffect(() => {
    viewRef.current?.dispatch({
      effects: compartments.current.readOnly.reconfigure([EditorState.readOnly.of(readOnly), EditorView.editable.of(!readOnly)]),
    });
  }, [readOnly]);

  useEffect(() => {
    viewRef.current?.dispatch({ effects: compartments.current.extra.reconfigure(extensions ?? []) });
  }, [extensions]);

  const revealed = useRef<number | null>(null);
  useEffect(() => {
    const view = viewRef.current;
    if (!view || !reveal || revealed.current === reveal.seq) return;
    revealed.current = reveal.seq;
    const line = view.state.doc.line(Math.min(Math.max(reveal.line, 1), view.state.doc.lines));
    const anchor = line.from + Math.min(reveal.column, line.length);
    view.dispatch({ selection: { anchor }, effects: EditorView.scrollIntoView(anchor, { y: 'center' }) });
    view.focus();
  }, [reveal, path, revision]);

  return <div ref={parentRef} className="h-full min-h-0 overflow-hidden" data-testid="code-editor" />;
}
