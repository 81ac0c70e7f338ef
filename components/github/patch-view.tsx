import { numberPatchLines, type PatchLine } from '@/lib/github/patch';

const tones: Record<PatchLine['kind'], string> = {
  hunk: 'bg-sky-50 text-sky-800',
  add: 'bg-emerald-50 text-emerald-900',
  delete: 'bg-red-50 text-red-900',
  context: 'text-slate-700',
};

/**
 * A file's unified diff hunks with old and new line numbers, added and removed lines tinted. The region
 * is focusable and named (`label`), so it scrolls with the keyboard and screen readers announce it.
 */
export function PatchView({ label, patch, className = 'max-h-96' }: { label: string; patch: string; className?: string }) {
  return (
    <div role="region" aria-label={label} tabIndex={0} className={`overflow-auto border-t border-slate-100 font-mono text-xs leading-5 ${className}`}>
      <table className="min-w-full border-collapse">
        <tbody>
          {numberPatchLines(patch).map((line, index) => (
            <tr key={index} className={tones[line.kind]}>
              <td className="w-10 select-none px-2 text-right align-top text-slate-400" data-testid="old-line">
                {line.oldLine ?? ''}
              </td>
              <td className="w-10 select-none px-2 text-right align-top text-slate-400" data-testid="new-line">
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
