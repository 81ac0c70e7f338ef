'use client';

import { EditorView } from '@codemirror/view';
import { useEffect, useRef, useState } from 'react';
import { FileChangedNotice } from '@/components/workspace/collab/file-changed-notice';
import { useRemoteCursorsExtension, useReportSelection } from '@/components/workspace/collab/hooks';
import { positionOf } from '@/components/workspace/collab/remote-cursors';

const SAMPLE = Array.from({ length: 12 }, (_, index) => `Line ${index + 1}: the quick brown fox jumps over the lazy dog`).join('\n');

/** A bare editor reporting its selection and showing everyone else's, as the code editor will. */
export function HarnessEditor({ path }: { path: string }) {
  const host = useRef<HTMLDivElement>(null);
  const remoteCursors = useRemoteCursorsExtension(path);
  const reportSelection = useReportSelection();
  const [reloads, setReloads] = useState(0);

  useEffect(() => {
    const view = new EditorView({
      parent: host.current!,
      doc: SAMPLE,
      extensions: [
        remoteCursors,
        EditorView.contentAttributes.of({ 'aria-label': `Contents of ${path}` }),
        EditorView.updateListener.of((update) => {
          if (!update.selectionSet) return;
          const { anchor, head } = update.state.selection.main;
          const doc = update.state.doc;
          reportSelection(path, { anchor: positionOf(doc, anchor), head: positionOf(doc, head) });
        }),
      ],
    });
    return () => view.destroy();
  }, [path, remoteCursors, reportSelection]);

  return (
    <div>
      <FileChangedNotice path={path} onReload={() => setReloads((count) => count + 1)} />
      <p className="my-2 text-xs text-slate-500">Reloaded {reloads} times</p>
      <div ref={host} className="rounded border border-slate-300 font-mono text-sm" />
    </div>
  );
}
