'use client';

import { useEffect, useMemo, useRef, useState } from 'react';
import { type ChatMessageView, revertedCommits } from '@/lib/live-chat/protocol';
import { ChatMessage } from './chat-message';
import { Composer } from './composer';
import { useLiveChat } from './use-live-chat';
import { FormError } from '@/components/form-error';

/** "Clear history" with an inline confirmation (the history cannot be brought back). */
function ClearHistory({ count, disabled, onClear }: { count: number; disabled: boolean; onClear: () => Promise<boolean> }) {
  const [confirming, setConfirming] = useState(false);
  const [clearing, setClearing] = useState(false);
  if (!confirming) {
    return (
      <button
        type="button"
        onClick={() => setConfirming(true)}
        disabled={disabled || count === 0}
        className="rounded-md border border-slate-300 dark:border-slate-600 px-3 py-1 text-sm hover:bg-slate-50 dark:hover:bg-slate-900 disabled:opacity-50"
      >
        Clear history
      </button>
    );
  }
  return (
    <div role="alertdialog" aria-label="Clear history?" aria-describedby="clear-history-text" className="flex items-center gap-2 text-sm">
      <span id="clear-history-text">
        Delete all {count} message{count === 1 ? '' : 's'} of this chat? Commits stay on the branch.
      </span>
      <button
        type="button"
        autoFocus
        disabled={clearing}
        onClick={async () => {
          setClearing(true);
          if (await onClear()) setConfirming(false);
          setClearing(false);
        }}
        className="rounded-md bg-red-600 px-3 py-1 font-medium text-white hover:bg-red-500 disabled:opacity-50"
      >
        Clear
      </button>
      <button type="button" onClick={() => setConfirming(false)} className="rounded-md px-2 py-1 hover:bg-slate-100 dark:hover:bg-slate-800">
        Cancel
      </button>
    </div>
  );
}

/**
 * Live Chat on one branch: the user's conversation with the assistant, which reads and changes the branch.
 * Each answer streams in with its tool steps; its file changes arrive as one commit with Revert.
 */
export function LiveChat(props: {
  owner: string;
  repo: string;
  branch: string;
  initialMessages: ChatMessageView[];
  /** Files of the branch, suggested when attaching one. */
  files: string[];
  /** Whether `files` is every file (then an unknown path is refused before sending). */
  filesComplete: boolean;
  /** Why this user cannot start turns here (read-only access, no API key), or null. */
  disabledReason: string | null;
  /** Why the assistant cannot run commands here, or null. */
  commandsUnavailable?: string | null;
}) {
  const { owner, repo, branch, disabledReason } = props;
  const where = useMemo(() => ({ owner, repo, branch }), [owner, repo, branch]);
  const chat = useLiveChat(where, props.initialMessages);
  const { messages, running } = chat;
  const reverted = useMemo(() => revertedCommits(messages), [messages]);
  const unanswered = !running && !chat.sending && messages.at(-1)?.role === 'user';

  // Follow the conversation as it grows, unless the user scrolled up to read.
  const scroller = useRef<HTMLDivElement>(null);
  const following = useRef(true);
  const lastMessage = messages.at(-1);
  useEffect(() => {
    const element = scroller.current;
    if (element && following.current) element.scrollTop = element.scrollHeight;
  }, [messages.length, lastMessage?.content, lastMessage?.parts.length]);

  return (
    <section aria-label="Live Chat" className="flex h-full min-h-0 flex-col">
      <div className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-200 dark:border-slate-700 px-6 py-2">
        <p className="text-sm text-slate-600 dark:text-slate-400">
          The assistant works on <span className="font-mono text-indigo-700 dark:text-indigo-300">{branch}</span>; its edits become one commit by you.
          {props.commandsUnavailable ? <span className="block text-xs text-amber-800 dark:text-amber-200">{props.commandsUnavailable}</span> : null}
        </p>
        <ClearHistory count={messages.length} disabled={running} onClear={chat.clear} />
      </div>
      <div
        ref={scroller}
        onScroll={(event) => {
          const element = event.currentTarget;
          following.current = element.scrollHeight - element.scrollTop - element.clientHeight < 80;
        }}
        className="min-h-0 flex-1 overflow-auto px-6 py-4"
      >
        {messages.length === 0 ? (
          <div className="mx-auto max-w-md py-10 text-center text-sm text-slate-600 dark:text-slate-400">
            <h2 className="font-medium text-slate-800 dark:text-slate-200">No messages yet</h2>
            <p className="mt-1">
              Ask about the files of this branch, or ask for a change: the assistant reads the branch, edits it, and commits its
              changes as you. Attach a file or paste a screenshot to show what you mean.
            </p>
          </div>
        ) : (
          <ol aria-label="Messages" className="mx-auto flex max-w-3xl flex-col gap-4">
            {messages.map((message) => (
              <ChatMessage
                key={message.id}
                message={message}
                branch={where}
                reverted={reverted}
                onRevert={disabledReason ? undefined : chat.revert}
              />
            ))}
          </ol>
        )}
      </div>
      <div role="status" aria-live="polite" className="px-6 text-xs text-slate-600 dark:text-slate-400">
        {chat.retryNotice ?? (running ? <span className="sr-only">The assistant is answering.</span> : null)}
      </div>
      <FormError className="mx-6 mb-2">{chat.error}</FormError>
      {unanswered && !disabledReason ? (
        <div className="mx-6 mb-2 flex items-center gap-2 text-sm text-slate-700 dark:text-slate-300">
          Your last message has no answer yet.
          <button type="button" onClick={() => void chat.answer()} className="rounded-md border border-slate-300 dark:border-slate-600 px-2 py-0.5 hover:bg-slate-50 dark:hover:bg-slate-900">
            Answer it
          </button>
        </div>
      ) : null}
      <Composer
        files={props.files}
        filesComplete={props.filesComplete}
        disabledReason={disabledReason}
        sending={chat.sending}
        running={running}
        onSend={chat.send}
        onStop={chat.stop}
      />
    </section>
  );
}
