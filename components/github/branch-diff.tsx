import type { ComparedFile } from '@/lib/github/compare';
import { PatchView } from './patch-view';

/**
 * Files changed on a branch since it left `base` (GitHub's compare), each with its numbered patch.
 * `of` names whose changes they are when several diffs share a page (attempts side by side), so each
 * patch region keeps a name of its own.
 */
export function BranchDiff({ files, base, of }: { files: ComparedFile[]; base: string; of?: string }) {
  if (files.length === 0) return <p className="text-sm text-slate-600 dark:text-slate-400">No changes yet against {base}.</p>;
  return (
    <ul aria-label="Changed files" className="space-y-3">
      {files.map((file) => (
        <li key={file.path} className="rounded-md border border-slate-200 dark:border-slate-700">
          <details open={files.length <= 5}>
            <summary className="flex cursor-pointer items-center gap-2 px-3 py-1.5 text-sm">
              <span className="font-mono">{file.path}</span>
              <span className="text-xs text-emerald-700 dark:text-emerald-300">+{file.additions}</span>
              <span className="text-xs text-red-700 dark:text-red-300">−{file.deletions}</span>
              <span className="ml-auto text-xs text-slate-500 dark:text-slate-400">{file.status}</span>
            </summary>
            {file.patch ? (
              <PatchView label={`Diff of ${file.path}${of ? ` (${of})` : ''}`} patch={file.patch} />
            ) : (
              <p className="border-t border-slate-100 dark:border-slate-800 px-3 py-2 text-xs text-slate-500 dark:text-slate-400">Binary or large file: no inline diff.</p>
            )}
          </details>
        </li>
      ))}
    </ul>
  );
}
