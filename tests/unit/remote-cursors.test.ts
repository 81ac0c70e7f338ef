import { EditorState, Text } from '@codemirror/state';
import type { Decoration } from '@codemirror/view';
import { describe, expect, it } from 'vitest';
import {
  offsetOf,
  positionOf,
  type RemoteCursor,
  remoteCursorsExtension,
  remoteCursorsField,
  setRemoteCursors,
} from '@/components/workspace/collab/remote-cursors';

const doc = 'first line\nsecond line\nthird';
const bob: RemoteCursor = { userId: 'b', name: 'Bob Brown', color: '#2e86ab', anchor: { line: 2, ch: 0 }, head: { line: 2, ch: 6 } };
const amy: RemoteCursor = { userId: 'a', name: 'Amy', color: '#d7263d', anchor: { line: 1, ch: 5 }, head: { line: 1, ch: 5 } };

/** The decorations of a state as plain data: kind, range, who. */
function decorations(state: EditorState) {
  const found: Array<{ kind: string; from: number; to: number; who: string }> = [];
  state.field(remoteCursorsField).decorations.between(0, state.doc.length, (from, to, value: Decoration) => {
    const spec = value.spec as { widget?: { name: string }; attributes?: Record<string, string> };
    if (spec.widget) found.push({ kind: 'caret', from, to, who: spec.widget.name });
    else found.push({ kind: 'selection', from, to, who: spec.attributes!['data-remote-user']! });
  });
  return found;
}

const withCursors = (cursors: RemoteCursor[], text = doc) => {
  const state = EditorState.create({ doc: text, extensions: remoteCursorsExtension() });
  return state.update({ effects: setRemoteCursors.of(cursors) }).state;
};

describe('remote cursor positions', () => {
  it('convert between {line from 1, ch from 0} and offsets, clamped into the document', () => {
    const text = Text.of(doc.split('\n'));
    expect(offsetOf(text, { line: 2, ch: 6 })).toBe(17);
    expect(positionOf(text, 17)).toEqual({ line: 2, ch: 6 });
    expect(offsetOf(text, { line: 2, ch: 999 })).toBe(22);
    expect(offsetOf(text, { line: 99, ch: 2 })).toBe(25);
    for (let offset = 0; offset <= text.length; offset++) expect(offsetOf(text, positionOf(text, offset))).toBe(offset);
  });
});

describe('remoteCursorsField', () => {
  it('shows each person a labelled caret, and a tinted range for a selection', () => {
    const state = withCursors([bob, amy]);
    expect(decorations(state)).toEqual([
      { kind: 'caret', from: 5, to: 5, who: 'Amy' },
      { kind: 'selection', from: 11, to: 17, who: 'Bob Brown' },
      { kind: 'caret', from: 17, to: 17, who: 'Bob Brown' },
    ]);
  });

  it('keeps cursors in place across local edits until the next update, which replaces them all', () => {
    let state = withCursors([bob]);
    state = state.update({ changes: { from: 0, insert: '>> ' } }).state;
    expect(decorations(state)).toEqual([
      { kind: 'selection', from: 14, to: 20, who: 'Bob Brown' },
      { kind: 'caret', from: 20, to: 20, who: 'Bob Brown' },
    ]);
    state = state.update({ effects: setRemoteCursors.of([amy]) }).state;
    expect(decorations(state)).toEqual([{ kind: 'caret', from: 5, to: 5, who: 'Amy' }]);
    state = state.update({ effects: setRemoteCursors.of([]) }).state;
    expect(decorations(state)).toEqual([]);
  });

  it('clamps positions from a longer version of the file instead of failing', () => {
    const state = withCursors([{ ...bob, anchor: { line: 40, ch: 0 }, head: { line: 3, ch: 1 } }], 'short\nfile\nx');
    expect(decorations(state)).toEqual([
      { kind: 'selection', from: 11, to: 12, who: 'Bob Brown' },
      { kind: 'caret', from: 12, to: 12, who: 'Bob Brown' },
    ]);
  });
});
