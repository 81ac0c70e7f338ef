/** A unified diff from GitHub's compare API, one coloured line per diff line. */
export function PatchView({ label, patch }: { label: string; patch: string | undefined }) {
  if (patch === undefined) {
    return <p className="p-4 text-sm text-slate-600">GitHub shows no line diff for this file (binary, renamed without changes, or too large).</p>;
  }
  return (
    <pre role="region" aria-label={label} className="h-full overflow-auto p-0 font-mono text-xs leading-5">
      {patch.split('\n').map((line, index) => {
        const tone = line.startsWith('@@')
          ? 'bg-sky-50 text-sky-800'
          : line.startsWith('+')
            ? 'bg-emerald-50 text-emerald-900'
            : line.startsWith('-')
              ? 'bg-red-50 text-red-900'
              : 'text-slate-700';
        return (
          <div key={index} className={`px-4 whitespace-pre ${tone}`}>
            {line || ' '}
          </div>
        );
      })}
    </pre>
  );
}
