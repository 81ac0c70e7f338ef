import { Check, LoaderCircle, X } from 'lucide-react';

export type StepState = 'running' | 'failed' | 'done';

const looks = {
  running: { Icon: LoaderCircle, className: 'animate-spin text-slate-500 dark:text-slate-400' },
  failed: { Icon: X, className: 'text-red-700 dark:text-red-300' },
  done: { Icon: Check, className: 'text-emerald-700 dark:text-emerald-300' },
} as const;

/** A tool step's state as an icon, with the state in words for screen readers. */
export function StepStateIcon({ state }: { state: StepState }) {
  const { Icon, className } = looks[state];
  return (
    <>
      <Icon aria-hidden className={`inline h-3.5 w-3.5 align-[-2px] ${className}`} />
      <span className="sr-only"> ({state})</span>
    </>
  );
}
