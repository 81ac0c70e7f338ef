import { PatchView as NumberedPatch } from '@/components/github/patch-view';

/** A unified diff from GitHub's compare API filling the editor pane, or why GitHub shows none. */
export function PatchView({ label, patch }: { label: string; patch: string | undefined }) {
  if (patch === undefined) {
    return <p className="p-4 text-sm text-slate-600 dark:text-slate-400">GitHub shows no line diff for this file (binary, renamed without changes, or too large).</p>;
  }
  return <NumberedPatch label={label} patch={patch} className="h-full" />;
}
