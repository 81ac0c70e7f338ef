import { sql } from 'kysely';
import type { DB } from '@/lib/db/client';
import type { LiveChatMessage } from '@/lib/db/schema';
import { AppError } from '@/lib/errors';
import type { ObjectStore } from '@/lib/storage';
import { deleteImages } from './images';
import { type ChatMessageView, type ChatPart, type ChatRole, isRunning, parseParts, partsOf } from './protocol';

/**
 * A user's Live Chat history on one branch (`live_chat_messages`), ordered by the table's sequence.
 * Text is in `content`; everything else a message carries (tool steps, the turn's commit, its result,
 * attachments, images, reverts) is in `tool_calls` as `ChatPart`s.
 */

export interface ChatThread {
  owner: string;
  repo: string;
  branch: string;
  userId: string;
}

/** A turn is cut off after this long, so an assistant message still "running" after it was left by a dead process. */
export const MAX_TURN_MS = 10 * 60_000;
const STALE_TURN_MS = MAX_TURN_MS + 60_000;

export function toMessageView(row: LiveChatMessage): ChatMessageView {
  return {
    id: String(row.id),
    role: row.role,
    content: row.content,
    createdAt: new Date(row.created_at).toISOString(),
    parts: parseParts(row.tool_calls),
  };
}

function threadRows(db: DB, { owner, repo, branch, userId }: ChatThread) {
  return db
    .selectFrom('live_chat_messages')
    .selectAll()
    .where('user_id', '=', userId)
    .where('owner', '=', owner)
    .where('repo', '=', repo)
    .where('branch', '=', branch);
}

/** The images a deleted message referenced, so they can leave the object store with it. */
function imagesOf(rows: Array<Pick<LiveChatMessage, 'user_id' | 'tool_calls'>>) {
  return rows.flatMap((row) => partsOf({ parts: parseParts(row.tool_calls) }, 'image').map((image) => ({ userId: row.user_id, id: image.id })));
}

/**
 * Deletes every message older than the retention (of everyone: this runs on each history read and
 * write, so no timer is needed). 0 days keeps messages until their owner clears them.
 */
export async function pruneExpired(db: DB, store: ObjectStore, retentionDays: number): Promise<void> {
  if (retentionDays <= 0) return;
  const deleted = await db
    .deleteFrom('live_chat_messages')
    .where('created_at', '<', sql<Date>`now() - make_interval(days => ${retentionDays})`)
    .returning(['user_id', 'tool_calls'])
    .execute();
  await deleteImages(store, imagesOf(deleted));
}

export async function listMessages(db: DB, thread: ChatThread): Promise<ChatMessageView[]> {
  const rows = await threadRows(db, thread).orderBy('id').execute();
  return rows.map(toMessageView);
}

export async function addMessage(
  db: DB,
  thread: ChatThread,
  message: { role: ChatRole; content: string; parts: ChatPart[] },
): Promise<ChatMessageView> {
  const row = await db
    .insertInto('live_chat_messages')
    .values({
      owner: thread.owner,
      repo: thread.repo,
      branch: thread.branch,
      user_id: thread.userId,
      role: message.role,
      content: message.content,
      tool_calls: JSON.stringify(message.parts),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toMessageView(row);
}

/** Clears the user's history on the branch; returns how many messages were deleted. */
export async function clearHistory(db: DB, store: ObjectStore, thread: ChatThread): Promise<number> {
  const { owner, repo, branch, userId } = thread;
  const deleted = await db
    .deleteFrom('live_chat_messages')
    .where('user_id', '=', userId)
    .where('owner', '=', owner)
    .where('repo', '=', repo)
    .where('branch', '=', branch)
    .returning(['user_id', 'tool_calls'])
    .execute();
  await deleteImages(store, imagesOf(deleted));
  return deleted.length;
}

export interface BegunTurn {
  /** The assistant message the turn answers in, stored empty and running. */
  assistant: ChatMessageView;
  /** Everything before it, oldest first. */
  history: ChatMessageView[];
  /** Index in `history` of the first message after the last answer: the user messages from here on are answered. */
  firstPending: number;
}

/**
 * Claims the thread for one turn: the user messages since the last answer get an (empty, running)
 * assistant message. Per thread one turn at a time, across app instances (an advisory lock on the
 * thread); an answer left running by a process that died is marked interrupted.
 */
export async function beginTurn(db: DB, thread: ChatThread): Promise<BegunTurn> {
  return db.transaction().execute(async (trx) => {
    const key = `live-chat:${thread.userId}:${thread.owner}/${thread.repo}:${thread.branch}`;
    await sql`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(trx);
    const history = (await threadRows(trx, thread).orderBy('id').execute()).map(toMessageView);
    const lastAnswer = history.findLastIndex((message) => message.role === 'assistant');
    const last = history[lastAnswer];
    if (last && isRunning(last)) {
      if (Date.now() - Date.parse(last.createdAt) < STALE_TURN_MS) {
        throw new AppError('conflict', 'The assistant is still answering on this branch. Wait for it, or press Stop.');
      }
      last.parts = [...last.parts, interruptedResult()];
      await trx.updateTable('live_chat_messages').set({ tool_calls: JSON.stringify(last.parts) }).where('id', '=', last.id).execute();
    }
    const firstPending = lastAnswer + 1;
    if (!history.slice(firstPending).some((message) => message.role === 'user')) throw new AppError('conflict', 'There is no new message to answer: send a message first.');
    const row = await trx
      .insertInto('live_chat_messages')
      .values({ owner: thread.owner, repo: thread.repo, branch: thread.branch, user_id: thread.userId, role: 'assistant', content: '', tool_calls: '[]' })
      .returningAll()
      .executeTakeFirstOrThrow();
    return { assistant: toMessageView(row), history, firstPending };
  });
}

function interruptedResult(): ChatPart {
  return {
    type: 'result',
    status: 'interrupted',
    usage: { inputTokens: 0, outputTokens: 0, cacheCreationInputTokens: 0, cacheReadInputTokens: 0 },
    costUsd: 0,
  };
}

/** Stores the finished answer of a turn (its text and parts, ending with the result). */
export async function finishTurn(db: DB, id: string, answer: { content: string; parts: ChatPart[] }): Promise<ChatMessageView> {
  const row = await db
    .updateTable('live_chat_messages')
    .set({ content: answer.content, tool_calls: JSON.stringify(answer.parts) })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new AppError('not_found', 'The conversation was cleared while the assistant was answering.');
  return toMessageView(row);
}
