'use client';

import { MergeView } from '@codemirror/merge';
import { EditorState } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { useEffect, useRef } from 'react';
import { documentConfig, documentText } from '@/lib/code/document';
import { basicEditing } from './code-editor';

/** One file both you and someone else changed. `null` text = the file is deleted on that side. */
export interface ConflictFile {
  path: string;
  theirs: string | null;
  yours: string | null;
  /** Binary files cannot be merged line by line; only one side can be chosen. */
  binary: boolean;
}

export type Resolution = { content: string } | { delete: true };

/**
 * Their version (what is on the branch now, read-only) next to yours (editable): take their
 * chunks with the arrows or edit by hand, then resolve. Nothing is committed until you commit again.
 */
function ConflictFileView({ file, onResolve }: { file: ConflictFile; onResolve: (path: string, resolution: Resolution) => void }) {
  const parentRef = useRef<HTMLDivElement>(null);
  const mergeRef = useRef<MergeView | null>(null);

  useEffect(() => {
    if (file.binary) return;
    const merge = new MergeView({
      parent: parentRef.current!,
      a: documentConfig(file.path, file.theirs ?? '', [
        basicEditing,
        EditorState.readOnly.of(true),
        EditorView.editable.of(false),
        EditorView.contentAttributes.of({ 'aria-label': `Their version of ${file.path}` }),
      ]),
      b: documentConfig(file.path, file.yours ?? '', [basicEditing, EditorView.contentAttributes.of({ 'aria-label': `Your version of ${file.path}` })]),
      revertControls: 'a-to-b',
      highlightChanges: true,
      gutter: true,
    });
    mergeRef.current = merge;
    return () => {
      merge.destroy();
      mergeRef.current = null;
    };
  }, [file]);

  const keepMine = () => {
    const merge = mergeRef.current;
    if (file.yours === null && (!merge || documentText(merge.b.state) === '')) onResolve(file.path, { delete: true });
    else onResolve(file.path, { content: merge ? documentText(merge.b.state) : (file.yours ?? '') });
  };
  const takeTheirs = () => onResolve(file.path, file.theirs === null ? { delete: true } : { content: file.theirs });

  return (
    <section aria-label={`Conflict in ${file.path}`} className="rounded-md border border-amber-300 dark:border-amber-700">
      <header className="flex flex-wrap items-center justify-between gap-2 border-b border-amber-200 dark:border-amber-800 bg-amber-50 dark:bg-amber-950 px-3 py-2">
        <h3 className="font-mono text-sm font-medium break-all">{file.path}</h3>
        <div className="flex gap-2 text-sm">
          <button type="button" onClick={takeTheirs} className="rounded-md border border-slate-300 dark:border-slate-600 bg-white dark:bg-slate-950 px-3 py-1 hover:bg-slate-50 dark:hover:bg-slate-900">
            Take their version
          </button>
          <button type="button" onClick={keepMine} className="rounded-md bg-indigo-600 px-3 py-1 font-medium text-white hover:bg-indigo-700">
            Resolve with my version
          </button>
        </div>
      </header>
      <div className="grid grid-cols-2 border-b border-slate-200 dark:border-slate-700 bg-slate-50 dark:bg-slate-900 text-xs text-slate-600 dark:text-slate-400">
        <span className="px-3 py-1">Theirs — on the branch now{file.theirs === null ? ' (deleted)' : ''}</span>
        <span className="px-3 py-1">Yours — editable{file.yours === null ? ' (you deleted it)' : ''}</span>
      </div>
      {file.binary ? (
        <p className="px-3 py-4 text-sm text-slate-700 dark:text-slate-300">This is a binary file: choose which version to keep.</p>
      ) : (
        <div ref={parentRef} className="max-h-[28rem] overflow-auto" data-testid="merge-view" />
      )}
    </section>
  );
}

export function ConflictView({
  branch,
  files,
  onResolve,
}: {
  branch: string;
  files: ConflictFile[];
  onResolve: (path: string, resolution: Resolution) => void;
}) {
  return (
    <div className="h-full space-y-4 overflow-auto p-4">
      <div role="alert" className="rounded-md bg-amber-50 dark:bg-amber-950 px-4 py-3 text-sm text-amber-900 dark:text-amber-100">
        <h2 className="font-semibold">Someone else changed the same files on {branch}</h2>
        <p className="mt-1">
          Nothing was committed and their commit is kept. For each file, compare their version with yours, copy what you need
          with the arrows, then resolve. Commit again when every file is resolved.
        </p>
      </div>
      {files.map((file) => (
        <ConflictFileView key={file.path} file={file} onResolve={onResolve} />
      ))}
    </div>
  );
}
