'use client';

import { MAX_ATTEMPTS } from '@/lib/agents/attempt-limits';

/** How many agents try the task side by side (best-of-N), each on its own branch. */
export function AttemptsField({ value, onChange }: { value: number; onChange: (attempts: number) => void }) {
  return (
    <label className="block text-sm">
      <span className="font-medium text-slate-800 dark:text-slate-200">Attempts</span>
      <select
        value={value}
        onChange={(event) => onChange(Number(event.target.value))}
        aria-describedby="attempts-hint"
        className="mt-1 block w-full rounded-md border border-slate-300 dark:border-slate-600 px-2 py-2"
      >
        {Array.from({ length: MAX_ATTEMPTS }, (_, i) => i + 1).map((count) => (
          <option key={count} value={count}>
            {count === 1 ? '1 (one agent)' : `${count} side by side`}
          </option>
        ))}
      </select>
      <span id="attempts-hint" className="mt-1 block text-xs text-slate-600 dark:text-slate-400">
        Several attempts run in parallel from the same commit; compare them and keep the best.
      </span>
    </label>
  );
}
