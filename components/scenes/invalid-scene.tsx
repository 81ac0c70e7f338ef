'use client';

import Link from 'next/link';
import { ModalDialog } from '@/components/modal-dialog';
import type { SceneProblem } from '@/lib/scenes/schema';

interface InvalidSceneProps {
  path: string;
  problems: SceneProblem[];
  text: string;
  codeEditorUrl: string;
  canWrite: boolean;
  confirming: boolean;
  onAskReplace: () => void;
  onCancelReplace: () => void;
  onReplace: () => void;
}

/**
 * A scene file that is not a valid version-1 scene: its problems, read-only. It is only ever
 * overwritten after the user explicitly chooses to replace it (and confirms), never by a save.
 */
export function InvalidScene(props: InvalidSceneProps) {
  const { path, problems, text, codeEditorUrl, canWrite, confirming } = props;

  return (
    <section aria-label="Invalid scene" className="flex min-h-0 flex-1 flex-col overflow-auto p-4">
      <div role="alert" className="rounded-md border border-red-200 dark:border-red-800 bg-red-50 dark:bg-red-950 p-3 text-sm text-red-900 dark:text-red-100">
        <h2 className="font-semibold">
          <span className="font-mono">{path}</span> is not a valid scene
        </h2>
        <p className="mt-1">It is shown read-only and will not be changed by saving. Fix it in the code editor, or replace it with a new, empty scene.</p>
      </div>
      <h3 className="mt-3 text-xs font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-400">
        {problems.length} {problems.length === 1 ? 'problem' : 'problems'}
      </h3>
      <ul aria-label="Validation errors" className="mt-1 divide-y divide-slate-200 dark:divide-slate-700 rounded border border-slate-200 dark:border-slate-700 text-sm">
        {problems.map((problem, index) => (
          <li key={index} className="flex gap-3 px-3 py-1.5">
            <code className="shrink-0 text-xs text-slate-700 dark:text-slate-300">{problem.path || '(file)'}</code>
            <span className="text-slate-900 dark:text-slate-100">{problem.message}</span>
          </li>
        ))}
      </ul>
      <div className="mt-3 flex flex-wrap gap-2">
        <Link href={codeEditorUrl} className="rounded-md border border-slate-300 dark:border-slate-600 px-3 py-1 text-sm font-medium text-slate-800 dark:text-slate-200 hover:bg-slate-50 dark:hover:bg-slate-900">
          Open in the code editor
        </Link>
        {canWrite ? (
          <button type="button" onClick={props.onAskReplace} className="rounded-md border border-red-300 dark:border-red-700 px-3 py-1 text-sm font-medium text-red-800 dark:text-red-200 hover:bg-red-50 dark:hover:bg-red-950">
            Replace with a new valid scene…
          </button>
        ) : null}
      </div>
      <details className="mt-3">
        <summary className="cursor-pointer text-xs text-slate-600 dark:text-slate-400">File contents</summary>
        <pre className="mt-1 max-h-80 overflow-auto rounded bg-slate-900 dark:bg-slate-700 p-3 text-xs text-slate-100">{text}</pre>
      </details>
      <ModalDialog open={confirming} labelledBy="replace-heading" onClose={props.onCancelReplace} className="w-[28rem] p-5">
        <h2 id="replace-heading" className="text-lg font-semibold">
          Replace {path}?
        </h2>
        <p className="mt-2 text-sm text-slate-700 dark:text-slate-300">
          The editor opens a new, empty scene in its place. The current contents are overwritten when you save it (and written to the branch when you
          commit); until then nothing changes.
        </p>
        <div className="mt-4 flex justify-end gap-2">
          <button type="button" onClick={props.onCancelReplace} className="rounded-md px-3 py-1.5 text-sm text-slate-700 dark:text-slate-300 hover:bg-slate-100 dark:hover:bg-slate-800">
            Keep the file
          </button>
          <button type="button" onClick={props.onReplace} className="rounded-md bg-red-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-red-700">
            Replace with a new scene
          </button>
        </div>
      </ModalDialog>
    </section>
  );
}
