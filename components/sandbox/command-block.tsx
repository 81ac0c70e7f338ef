'use client';

import { useEffect, useRef } from 'react';
import { commandOutcome, type CommandSummary, formatDuration } from '@/lib/sandbox/summary';

/**
 * A command the assistant ran (run_command), as a terminal block: the command, its output live while it
 * runs, then its exit code, duration and any limit that stopped it, and the files it changed.
 */
export function CommandBlock(props: { command: string; cwd?: string; output: string; summary?: CommandSummary; running: boolean }) {
  const { command, cwd, output, summary, running } = props;
  const pre = useRef<HTMLPreElement>(null);
  const followed = useRef(true);

  // Follow the output while the reader is at its end, as a terminal does; scrolling up stops following.
  useEffect(() => {
    const element = pre.current;
    if (element && followed.current) element.scrollTop = element.scrollHeight;
  }, [output]);

  const outcome = summary ? commandOutcome(summary) : running ? 'running…' : 'not finished';
  const failed = summary ? summary.cancelled || summary.limitMessage !== null || summary.exitCode !== 0 : false;
  const changed = summary ? [...summary.changes.created, ...summary.changes.modified, ...summary.changes.deleted] : [];
  return (
    <figure className="overflow-hidden rounded-md border border-slate-700 bg-slate-950 text-slate-100" aria-label={`Command ${command}`}>
      <figcaption className="flex flex-wrap items-center gap-x-3 gap-y-1 border-b border-slate-800 px-3 py-1.5 font-mono text-xs">
        <span className="min-w-0 flex-1 break-all">
          <span className="text-slate-400 dark:text-slate-500">{cwd ? `${cwd} ` : ''}$ </span>
          {command}
        </span>
        <span data-testid="command-outcome" className={summary ? (failed ? 'text-red-300' : 'text-emerald-300') : 'text-amber-200'}>
          {outcome}
        </span>
        {summary ? <span className="text-slate-400 dark:text-slate-500">{formatDuration(summary.durationMs)}</span> : null}
      </figcaption>
      <pre
        ref={pre}
        tabIndex={0}
        role="log"
        aria-label={`Output of ${command}`}
        onScroll={(event) => {
          const element = event.currentTarget;
          followed.current = element.scrollTop + element.clientHeight >= element.scrollHeight - 8;
        }}
        className="max-h-72 overflow-auto px-3 py-2 font-mono text-xs whitespace-pre-wrap focus:outline-2 focus:outline-indigo-400"
      >
        {output || (running ? '' : 'No output.')}
      </pre>
      {changed.length ? (
        <p className="border-t border-slate-800 px-3 py-1 text-xs text-slate-300">Changed: {changed.join(', ')}</p>
      ) : null}
    </figure>
  );
}

/** The command line of a run_command call's input. */
export function commandOf(input: unknown): { command: string; cwd?: string } {
  if (input && typeof input === 'object' && 'command' in input && typeof input.command === 'string') {
    const cwd = 'cwd' in input && typeof input.cwd === 'string' ? input.cwd : undefined;
    return { command: input.command, cwd };
  }
  return { command: '' };
}
