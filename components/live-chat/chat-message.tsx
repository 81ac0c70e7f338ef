'use client';

import { Paperclip } from 'lucide-react';
import { StepStateIcon } from '@/components/step-state-icon';
import { useState } from 'react';
import { PatchView } from '@/components/github/patch-view';
import {
  assistantSegments,
  type ChatMessageView,
  type ChatPartOf,
  describeLines,
  isRunning,
  liveChatApiPath,
  partsOf,
} from '@/lib/live-chat/protocol';
import { CommandBlock, commandOf } from '@/components/sandbox/command-block';
import { Markdown } from './markdown';
import type { ChatBranch } from './use-live-chat';
import { FormError } from '@/components/form-error';

const short = (sha: string) => sha.slice(0, 7);

function inputSummary(input: unknown): string {
  if (!input || typeof input !== 'object') return '';
  const { path, pattern } = input as { path?: unknown; pattern?: unknown };
  if (typeof path === 'string' && path) return path;
  if (typeof pattern === 'string') return JSON.stringify(pattern);
  return '';
}

/** One tool call of the assistant, expandable to its input and output. */
function ToolStep({ part, running }: { part: ChatPartOf<'tool'>; running: boolean }) {
  if (part.name === 'run_command') {
    return <CommandBlock {...commandOf(part.input)} output={part.commandOutput ?? (part.command ? '' : (part.output ?? ''))} summary={part.command} running={running && part.output === undefined} />;
  }
  const state = part.output === undefined ? 'running' : part.isError ? 'failed' : 'done';
  return (
    <details className="rounded-md border border-slate-200 dark:border-slate-700 bg-white dark:bg-slate-950 text-sm" aria-label={`Tool step ${part.name}`}>
      <summary className="cursor-pointer px-3 py-1.5 font-mono text-xs">
        <StepStateIcon state={state} /> {part.name} <span className="text-slate-500 dark:text-slate-400">{inputSummary(part.input)}</span>
      </summary>
      <div className="space-y-2 border-t border-slate-100 dark:border-slate-800 bg-slate-50 dark:bg-slate-900 px-3 py-2">
        <pre className="max-h-48 overflow-auto text-xs whitespace-pre-wrap" aria-label="Input">
          {JSON.stringify(part.input, null, 2)}
        </pre>
        {part.output !== undefined ? (
          <pre className={`max-h-64 overflow-auto text-xs whitespace-pre-wrap ${part.isError ? 'text-red-800 dark:text-red-200' : ''}`} aria-label="Output">
            {part.output}
          </pre>
        ) : null}
      </div>
    </details>
  );
}

const changeLabels = { create: 'added', edit: 'modified', delete: 'deleted', rename: 'renamed' } as const;

/** A commit of the chat (or of a Revert): its files with their diffs, a link to it, and Revert. */
function CommitCard(props: {
  part: ChatPartOf<'commit'> | ChatPartOf<'revert'>;
  revertedBy?: string;
  onRevert?: (sha: string) => Promise<string | null>;
}) {
  const { part, revertedBy, onRevert } = props;
  const [reverting, setReverting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const revert = async () => {
    setReverting(true);
    setError(null);
    setError((await onRevert?.(part.sha)) ?? null);
    setReverting(false);
  };
  const title = part.type === 'revert' ? `Reverted ${short(part.revertedSha)} with ${short(part.sha)}` : `Committed ${short(part.sha)}`;
  return (
    <section aria-label={`Commit ${short(part.sha)}`} className="rounded-md border border-emerald-200 dark:border-emerald-800 bg-emerald-50/60 dark:bg-emerald-950/60 text-sm">
      <div className="flex flex-wrap items-center gap-2 px-3 py-2">
        <span className="font-medium text-emerald-900 dark:text-emerald-100">{title}</span>
        <span className="min-w-0 flex-1 truncate text-slate-700 dark:text-slate-300">{part.message}</span>
        <a href={part.url} target="_blank" rel="noreferrer" className="text-xs text-indigo-700 dark:text-indigo-300 underline">
          View diff on GitHub
        </a>
        {onRevert && !revertedBy ? (
          <button
            type="button"
            onClick={revert}
            disabled={reverting}
            className="rounded-md border border-slate-300 dark:border-slate-600 bg-white dark:bg-slate-950 px-2 py-0.5 text-xs font-medium hover:bg-slate-50 dark:hover:bg-slate-900 disabled:opacity-50"
          >
            {reverting ? 'Reverting…' : 'Revert'}
          </button>
        ) : null}
        {revertedBy ? <span className="text-xs text-slate-600 dark:text-slate-400">Reverted by {short(revertedBy)}</span> : null}
      </div>
      <ul aria-label="Changed files" className="space-y-1 px-3 pb-2">
        {part.files.map((file) => (
          <li key={file.path}>
            <details>
              <summary className="flex cursor-pointer items-center gap-2 text-xs">
                <span className="font-mono">{file.path}</span>
                <span className="text-slate-500 dark:text-slate-400">{changeLabels[file.change]}</span>
                {file.additions !== undefined ? <span className="text-emerald-700 dark:text-emerald-300">+{file.additions}</span> : null}
                {file.deletions !== undefined ? <span className="text-red-700 dark:text-red-300">−{file.deletions}</span> : null}
              </summary>
              {file.patch ? (
                <div className="mt-1 rounded border border-slate-200 dark:border-slate-700 bg-white dark:bg-slate-950">
                  <PatchView label={`Diff of ${file.path}`} patch={file.patch} />
                </div>
              ) : (
                <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">No inline diff (binary or large file); see it on GitHub.</p>
              )}
            </details>
          </li>
        ))}
      </ul>
      {error ? (
        <p role="alert" className="border-t border-emerald-200 dark:border-emerald-800 px-3 py-2 text-xs text-red-800 dark:text-red-200">
          {error}
        </p>
      ) : null}
    </section>
  );
}

function formatUsage(part: ChatPartOf<'result'>): string {
  const tokens = `${part.usage.inputTokens.toLocaleString('en')} in / ${part.usage.outputTokens.toLocaleString('en')} out`;
  return `${tokens} · $${part.costUsd.toFixed(4)}`;
}

const endings: Record<ChatPartOf<'result'>['status'], string | null> = {
  completed: null,
  max_steps: 'Stopped after the most steps a turn may take.',
  aborted: 'Stopped. Nothing was committed.',
  interrupted: 'Interrupted (the server stopped). Nothing was committed.',
  failed: null,
};

function UserMessage({ message, branch }: { message: ChatMessageView; branch: ChatBranch }) {
  const images = partsOf(message, 'image');
  return (
    <li aria-label="You" className="ml-auto max-w-[85%] space-y-2 rounded-lg bg-indigo-50 dark:bg-indigo-950 px-3 py-2 text-sm">
      {message.content ? <p className="whitespace-pre-wrap">{message.content}</p> : null}
      {partsOf(message, 'attachment').map((part) => (
        <p key={part.path} className="inline-block rounded bg-white dark:bg-slate-950 px-2 py-0.5 font-mono text-xs dark:border-slate-700 text-slate-700 dark:text-slate-300">
          <Paperclip aria-hidden className="inline h-3 w-3" /> {part.path}
          {part.startLine !== undefined ? ` (${describeLines(part)})` : ''}
        </p>
      ))}
      {images.length ? (
        <div className="flex flex-wrap gap-2">
          {images.map((part, index) => (
            // eslint-disable-next-line @next/next/no-img-element -- a private API image, not a static asset
            <img
              key={part.id}
              src={liveChatApiPath(branch, `images/${part.id}`)}
              alt={`Pasted image ${index + 1}`}
              className="max-h-40 rounded border border-slate-200 dark:border-slate-700 bg-white dark:bg-slate-950"
            />
          ))}
        </div>
      ) : null}
    </li>
  );
}

function AssistantMessage(props: {
  message: ChatMessageView;
  reverted: ReadonlyMap<string, string>;
  onRevert?: (sha: string) => Promise<string | null>;
}) {
  const { message, reverted, onRevert } = props;
  const running = isRunning(message);
  const [result] = partsOf(message, 'result');
  const ending = result ? endings[result.status] : null;
  const segments = assistantSegments(message);
  return (
    <li aria-label="Assistant" aria-busy={running} className="space-y-2">
      {segments.map((segment) =>
        segment.kind === 'text' ? <Markdown key={segment.key} text={segment.text} /> : <ToolStep key={segment.key} part={segment.part} running={running} />,
      )}
      {running ? (
        <p className="text-xs text-slate-500 dark:text-slate-400" aria-hidden>
          {segments.length ? 'Working…' : 'Thinking…'}
        </p>
      ) : null}
      {partsOf(message, 'error').map((part, index) => (
        <FormError key={index}>{part.message}</FormError>
      ))}
      {partsOf(message, 'commit').map((part) => (
        <CommitCard key={part.sha} part={part} revertedBy={reverted.get(part.sha)} onRevert={onRevert} />
      ))}
      {result ? (
        <p className="text-xs text-slate-500 dark:text-slate-400">
          {ending ? <span className="mr-2 font-medium text-slate-700 dark:text-slate-300">{ending}</span> : null}
          {result.status === 'interrupted' ? null : formatUsage(result)}
        </p>
      ) : null}
    </li>
  );
}

/** One message of the conversation: the user's, the assistant's (text, steps, commit), or a Revert. */
export function ChatMessage(props: {
  message: ChatMessageView;
  branch: ChatBranch;
  reverted: ReadonlyMap<string, string>;
  onRevert?: (sha: string) => Promise<string | null>;
}) {
  const { message } = props;
  if (message.role === 'user') return <UserMessage message={message} branch={props.branch} />;
  if (message.role === 'assistant') return <AssistantMessage message={message} reverted={props.reverted} onRevert={props.onRevert} />;
  return (
    <li aria-label="Revert" className="space-y-2">
      {partsOf(message, 'revert').map((part) => (
        <CommitCard key={part.sha} part={part} />
      ))}
    </li>
  );
}
