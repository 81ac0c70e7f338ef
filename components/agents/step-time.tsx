'use client';

import { useSyncExternalStore } from 'react';

const noSubscription = () => () => {};

/**
 * When a step of the agent log happened, as a clock time in the reader's time zone. The server does not
 * know that zone, so the time appears once the page runs in the browser (no hydration mismatch).
 */
export function StepTime({ at }: { at: string }) {
  const inBrowser = useSyncExternalStore(noSubscription, () => true, () => false);
  const date = new Date(at);
  return (
    <time dateTime={at} title={inBrowser ? date.toLocaleString() : undefined} className="shrink-0 font-mono text-[11px] text-slate-500 dark:text-slate-400 tabular-nums">
      {inBrowser ? date.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' }) : ''}
    </time>
  );
}
