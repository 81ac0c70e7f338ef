'use client';

import { unifiedMergeView } from '@codemirror/merge';
import { EditorState } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { useEffect, useRef } from 'react';
import { documentState } from '@/lib/code/document';
import { basicEditing } from './code-editor';

/** A read-only unified diff of a file: `original` above the changed lines, `modified` as the document. */
export function DiffView({ path, original, modified }: { path: string; original: string; modified: string }) {
  const parentRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const view = new EditorView({
      parent: parentRef.current!,
      state: documentState(path, modified, [
        basicEditing,
        EditorState.readOnly.of(true),
        EditorView.editable.of(false),
        EditorView.contentAttributes.of({ 'aria-label': `Changes to ${path}` }),
        unifiedMergeView({ original, mergeControls: false, gutter: true, collapseUnchanged: { margin: 3, minSize: 6 } }),
      ]),
    });
    return () => view.destroy();
  }, [path, original, modified]);

  return <div ref={parentRef} className="h-full min-h-0 overflow-hidden" data-testid="diff-view" />;
}
