import { type Extension, StateEffect, StateField, type Text } from '@codemirror/state';
import { Decoration, type DecorationSet, EditorView, ViewPlugin, WidgetType } from '@codemirror/view';
import type { TextPosition } from '@/lib/workspace/collab-protocol';

/**
 * Other people's carets and selections in a CodeMirror 6 editor, in their colour with their name.
 * Positions are `{ line (from 1), ch (from 0) }` as presence carries them; they are clamped to the
 * document (the other person may be on a newer or older version of the file) and follow local edits
 * until the next update arrives.
 */
export interface RemoteCursor {
  userId: string;
  name: string;
  color: string;
  anchor: TextPosition;
  head: TextPosition;
}

/** Replaces the remote cursors shown. */
export const setRemoteCursors = StateEffect.define<readonly RemoteCursor[]>();

interface RemoteCursorsState {
  cursors: readonly RemoteCursor[];
  decorations: DecorationSet;
}

/** Document offset of a position, clamped into the document. */
export function offsetOf(doc: Text, position: TextPosition): number {
  const line = doc.line(Math.min(Math.max(1, position.line), doc.lines));
  return line.from + Math.min(Math.max(0, position.ch), line.length);
}

/** Position of a document offset, the inverse of `offsetOf`. */
export function positionOf(doc: Text, offset: number): TextPosition {
  const line = doc.lineAt(Math.min(Math.max(0, offset), doc.length));
  return { line: line.number, ch: offset - line.from };
}

class RemoteCaretWidget extends WidgetType {
  constructor(
    readonly name: string,
    readonly color: string,
  ) {
    super();
  }

  eq(other: RemoteCaretWidget): boolean {
    return other.name === this.name && other.color === this.color;
  }

  toDOM(): HTMLElement {
    const caret = document.createElement('span');
    caret.className = 'cm-remote-caret';
    caret.style.borderLeftColor = this.color;
    caret.setAttribute('data-remote-user', this.name);
    const label = document.createElement('span');
    label.className = 'cm-remote-caret-label';
    label.style.backgroundColor = this.color;
    label.textContent = this.name;
    caret.append(label);
    return caret;
  }

  ignoreEvent(): boolean {
    return true;
  }
}

/** Decorations for `cursors` on `doc`: a tinted mark per selection, a labelled caret per head. */
export function remoteCursorDecorations(doc: Text, cursors: readonly RemoteCursor[]): DecorationSet {
  const ranges = cursors.flatMap((cursor) => {
    const head = offsetOf(doc, cursor.head);
    const anchor = offsetOf(doc, cursor.anchor);
    const caret = Decoration.widget({ widget: new RemoteCaretWidget(cursor.name, cursor.color), side: 1 }).range(head);
    if (anchor === head) return [caret];
    const mark = Decoration.mark({
      class: 'cm-remote-selection',
      attributes: { style: `background-color: ${cursor.color}33`, 'data-remote-user': cursor.name },
    }).range(Math.min(anchor, head), Math.max(anchor, head));
    return [mark, caret];
  });
  return Decoration.set(ranges, true);
}

export const remoteCursorsField = StateField.define<RemoteCursorsState>({
  create: () => ({ cursors: [], decorations: Decoration.none }),
  update(value, transaction) {
    for (const effect of transaction.effects) {
      if (effect.is(setRemoteCursors)) {
        return { cursors: effect.value, decorations: remoteCursorDecorations(transaction.state.doc, effect.value) };
      }
    }
    return transaction.docChanged ? { cursors: value.cursors, decorations: value.decorations.map(transaction.changes) } : value;
  },
  provide: (field) => EditorView.decorations.from(field, (value) => value.decorations),
});

const remoteCursorsTheme = EditorView.baseTheme({
  '.cm-remote-caret': {
    position: 'relative',
    borderLeft: '2px solid',
    marginLeft: '-1px',
    marginRight: '-1px',
  },
  '.cm-remote-caret-label': {
    position: 'absolute',
    bottom: '100%',
    left: '-2px',
    padding: '0 4px',
    borderRadius: '3px 3px 3px 0',
    color: 'white',
    fontSize: '11px',
    lineHeight: '1.4',
    whiteSpace: 'nowrap',
    pointerEvents: 'none',
    zIndex: '10',
  },
});

/** Where the cursors come from, e.g. the workspace's presence (see `useRemoteCursorsExtension`). */
export interface RemoteCursorSource {
  get(): readonly RemoteCursor[];
  subscribe(listener: () => void): () => void;
}

/**
 * The extension. Without a source, drive it with `setRemoteCursors`; with one, it follows the
 * source by itself, so an editor only needs it in its `extensions`.
 */
export function remoteCursorsExtension(source?: RemoteCursorSource): Extension {
  if (!source) return [remoteCursorsField, remoteCursorsTheme];
  const follow = ViewPlugin.define((view) => {
    let destroyed = false;
    const push = () => {
      if (!destroyed) view.dispatch({ effects: setRemoteCursors.of(source.get()) });
    };
    // A plugin may not dispatch while the view is being built or updated.
    queueMicrotask(push);
    const unsubscribe = source.subscribe(push);
    return {
      destroy() {
        destroyed = true;
        unsubscribe();
      },
    };
  });
  return [remoteCursorsField, remoteCursorsTheme, follow];
}

/** A source holding a list that React code sets (see `useRemoteCursorsExtension`). */
export function remoteCursorStore(): RemoteCursorSource & { set(cursors: readonly RemoteCursor[]): void } {
  let cursors: readonly RemoteCursor[] = [];
  const listeners = new Set<() => void>();
  return {
    get: () => cursors,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    set(next) {
      cursors = next;
      for (const listener of [...listeners]) listener();
    },
  };
}
