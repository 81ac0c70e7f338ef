import { numberPatchLines, type PatchLine } from '@/lib/github/patch';

const tones: Record<PatchLine['kind'], string> = {
  hunk: 'bg-sky-50 dark:bg-sky-950 text-sky-800 dark:text-sky-200',
  add: 'bg-emerald-50 dark:bg-emerald-950 text-emerald-900 dark:text-emerald-100',
  delete: 'bg-red-50 dark:bg-red-950 text-red-900 dark:text-red-100',
  context: 'text-slate-700 dark:text-slate-300',
};

/**
 * A file's unified diff hunks with old and new line numbers, added and removed lines tinted. The region
 * is focusable and named (`label`), so it scrolls with the keyboard and screen readers announce it.
 */
export function PatchView({ label, patch, className = 'max-h-96' }: { label: string; patch: string; className?: string }) {
  return (
    <div role="region" aria-label={label} tabIndex={0} className={`overflow-auto border-t border-slate-100 dark:border-slate-800 font-mono text-xs leading-5 ${className}`}>
      <table className="min-w-full border-collapse">
        <tbody>
          {numberPatchLines(patch).map((line, index) => (
            <tr key={index} className={tones[line.kind]}>
              <td className="w-10 select-none px-2 text-right align-top text-slate-400 dark:text-slate-500" data-testid="old-line">
                {line.oldLine ?? ''}
              </td>
              <td className="w-10 select-none px-2 text-right align-top text-slate-400 dark:text-slate-500" data-testid="new-line">
                {line.newLine ?? ''}
              </td>
              <td className="px-2 whitespace-pre">{line.text || ' '}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
