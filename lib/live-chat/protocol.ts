import { z } from 'zod';
import type { CommandSummary } from '@/lib/sandbox/summary';

/**
 * What travels between the Live Chat API and the browser, and what a message keeps in its `tool_calls`
 * JSON: the parts of a message besides its text. Shared by the server and the client, so nothing here
 * touches the server. A turn streamed over SSE and the same turn read back from the history end up as
 * the same `ChatMessageView`.
 */

export const CHAT_IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'] as const;
/** Anthropic accepts images up to 5 MB; pasted screenshots are far below this. */
export const MAX_IMAGE_BYTES = 3 * 1024 * 1024;
export const MAX_IMAGES_PER_MESSAGE = 3;
export type ChatImageType = (typeof CHAT_IMAGE_TYPES)[number];

const tokenUsage = z.object({
  inputTokens: z.number(),
  outputTokens: z.number(),
  cacheCreationInputTokens: z.number(),
  cacheReadInputTokens: z.number(),
});

export const committedFile = z.object({
  path: z.string(),
  change: z.enum(['create', 'edit', 'delete', 'rename']),
  from: z.string().optional(),
  additions: z.number().optional(),
  deletions: z.number().optional(),
  /** Unified diff hunks (absent for binaries, very large diffs, or when they could not be fetched). */
  patch: z.string().optional(),
});
export type CommittedFileView = z.infer<typeof committedFile>;

const commitFields = {
  sha: z.string(),
  parentSha: z.string(),
  /** The commit message's first line. */
  message: z.string(),
  /** The commit on GitHub, where its full diff is. */
  url: z.string(),
  files: z.array(committedFile),
};

const commandSummary: z.ZodType<CommandSummary> = z.object({
  command: z.string(),
  cwd: z.string(),
  exitCode: z.number().int().nullable(),
  durationMs: z.number(),
  limit: z.enum(['time', 'cpu', 'memory', 'processes', 'output', 'disk']).nullable(),
  limitMessage: z.string().nullable(),
  cancelled: z.boolean(),
  outputBytes: z.number(),
  changes: z.object({ created: z.array(z.string()), modified: z.array(z.string()), deleted: z.array(z.string()) }),
  isTest: z.boolean(),
});

export const turnStatus = z.enum(['completed', 'aborted', 'failed', 'max_steps', 'interrupted']);
export type ChatTurnStatus = z.infer<typeof turnStatus>;

export const chatPart = z.discriminatedUnion('type', [
  /** A tool the assistant used; `at` is how much of the message's text came before it. */
  z.object({
    type: z.literal('tool'),
    id: z.string(),
    name: z.string(),
    input: z.unknown(),
    output: z.string().optional(),
    isError: z.boolean().optional(),
    at: z.number().int().min(0),
    /** A command's own output (run_command), as it streamed; its end when long. */
    commandOutput: z.string().optional(),
    /** How a command ended (run_command). */
    command: commandSummary.optional(),
  }),
  /** The turn's one commit. */
  z.object({ type: z.literal('commit'), ...commitFields }),
  /** How the turn ended; an assistant message without one is still running. */
  z.object({ type: z.literal('result'), status: turnStatus, usage: tokenUsage, costUsd: z.number() }),
  z.object({ type: z.literal('error'), code: z.string(), message: z.string() }),
  /** A file of the branch (and lines of it) the user attached to their message. */
  z.object({
    type: z.literal('attachment'),
    path: z.string(),
    startLine: z.number().int().min(1).optional(),
    endLine: z.number().int().min(1).optional(),
  }),
  /** A pasted image, kept in the object store. */
  z.object({ type: z.literal('image'), id: z.string(), mediaType: z.enum(CHAT_IMAGE_TYPES), size: z.number().int() }),
  /** A Revert: the new commit restoring the files of `revertedSha` (system messages). */
  z.object({ type: z.literal('revert'), revertedSha: z.string(), ...commitFields }),
]);
export type ChatPart = z.infer<typeof chatPart>;
export type ChatPartOf<T extends ChatPart['type']> = Extract<ChatPart, { type: T }>;

export type ChatRole = 'user' | 'assistant' | 'system';

export interface ChatMessageView {
  id: string;
  role: ChatRole;
  content: string;
  createdAt: string;
  parts: ChatPart[];
}

/** The parts of a stored `tool_calls` value; anything unreadable is left out rather than failing the history. */
export function parseParts(value: unknown): ChatPart[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item) => {
    const parsed = chatPart.safeParse(item);
    return parsed.success ? [parsed.data] : [];
  });
}

export function partsOf<T extends ChatPart['type']>(message: Pick<ChatMessageView, 'parts'>, type: T): Array<ChatPartOf<T>> {
  return message.parts.filter((part): part is ChatPartOf<T> => part.type === type);
}

/** An assistant message still being answered (no result yet). */
export function isRunning(message: ChatMessageView): boolean {
  return message.role === 'assistant' && partsOf(message, 'result').length === 0;
}

/** Commits of the history that were reverted, by reverted sha → the revert's sha. */
export function revertedCommits(messages: readonly ChatMessageView[]): Map<string, string> {
  const reverted = new Map<string, string>();
  for (const message of messages) for (const part of partsOf(message, 'revert')) reverted.set(part.revertedSha, part.sha);
  return reverted;
}

/** Named SSE events of `POST /api/live-chat/:owner/:repo/:branch/execute`, in the order a turn sends them. */
export type TurnEvent =
  /** The assistant message the turn answers in (empty, running). */
  | { event: 'start'; data: { message: ChatMessageView } }
  | { event: 'text'; data: { text: string } }
  | { event: 'tool_call'; data: { id: string; name: string; input: unknown; at: number } }
  /** Output of a running command, as it arrives (not sent again with the result). */
  | { event: 'tool_output'; data: { id: string; text: string } }
  | { event: 'tool_result'; data: { id: string; output: string; isError: boolean; command?: CommandSummary } }
  /** A model call failed for now and is tried again (not kept in the history). */
  | { event: 'retry'; data: { message: string } }
  | { event: 'commit'; data: ChatPartOf<'commit'> }
  | { event: 'error'; data: { code: string; message: string } }
  /** The message as stored: the client replaces its streamed copy with it. */
  | { event: 'done'; data: { message: ChatMessageView } };

export type TurnEventName = TurnEvent['event'];
export const TURN_EVENTS: readonly TurnEventName[] = ['start', 'text', 'tool_call', 'tool_output', 'tool_result', 'retry', 'commit', 'error', 'done'];

/** Applies one streamed event to the assistant message being answered. `retry` does not change it. */
export function applyTurnEvent(message: ChatMessageView, event: TurnEvent): ChatMessageView {
  switch (event.event) {
    case 'start':
    case 'done':
      return event.data.message;
    case 'text':
      return { ...message, content: message.content + event.data.text };
    case 'tool_call':
      return { ...message, parts: [...message.parts, { type: 'tool', ...event.data }] };
    case 'tool_output':
      return {
        ...message,
        parts: message.parts.map((part) =>
          part.type === 'tool' && part.id === event.data.id ? { ...part, commandOutput: (part.commandOutput ?? '') + event.data.text } : part,
        ),
      };
    case 'tool_result':
      return {
        ...message,
        parts: message.parts.map((part) =>
          part.type === 'tool' && part.id === event.data.id
            ? { ...part, output: event.data.output, isError: event.data.isError, ...(event.data.command ? { command: event.data.command } : {}) }
            : part,
        ),
      };
    case 'commit':
      return { ...message, parts: [...message.parts, event.data] };
    case 'error':
      return { ...message, parts: [...message.parts, { type: 'error', ...event.data }] };
    case 'retry':
      return message;
  }
}

export type AssistantSegment = { kind: 'text'; key: string; text: string } | { kind: 'tool'; key: string; part: ChatPartOf<'tool'> };

/** The assistant's text and tool steps in the order they happened. */
export function assistantSegments(message: Pick<ChatMessageView, 'content' | 'parts'>): AssistantSegment[] {
  const segments: AssistantSegment[] = [];
  let offset = 0;
  const pushText = (end: number) => {
    const text = message.content.slice(offset, end);
    if (text.trim()) segments.push({ kind: 'text', key: `text-${offset}`, text });
    offset = Math.max(offset, end);
  };
  for (const part of partsOf(message, 'tool')) {
    pushText(Math.min(part.at, message.content.length));
    segments.push({ kind: 'tool', key: `tool-${part.id}`, part });
  }
  pushText(message.content.length);
  return segments;
}

/** "lines 3–7", "line 3", or '' for a whole file. */
export function describeLines(part: { startLine?: number; endLine?: number }): string {
  if (part.startLine === undefined) return '';
  const end = part.endLine ?? part.startLine;
  return end === part.startLine ? `line ${part.startLine}` : `lines ${part.startLine}–${end}`;
}

/** `/api/live-chat/:owner/:repo/:branch/<rest>`, each segment encoded once (a branch is one segment). */
export function liveChatApiPath(branch: { owner: string; repo: string; branch: string }, rest: string): string {
  return `/api/live-chat/${encodeURIComponent(branch.owner)}/${encodeURIComponent(branch.repo)}/${encodeURIComponent(branch.branch)}/${rest}`;
}
