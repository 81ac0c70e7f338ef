/** A file's unified diff hunks, added and removed lines tinted. */
export function PatchView({ patch }: { patch: string }) {
  return (
    <pre className="max-h-96 overflow-auto border-t border-slate-100 text-xs">
      {patch.split('\n').map((line, index) => (
        <div
          key={index}
          className={`px-3 ${line.startsWith('+') ? 'bg-emerald-50' : line.startsWith('-') ? 'bg-red-50' : line.startsWith('@@') ? 'bg-slate-50 text-slate-500' : ''}`}
        >
          {line || ' '}
        </div>
      ))}
    </pre>
  );
}
