import { AppError } from '@/lib/errors';
import type { GitHubClient } from '@/lib/github/octokit';
import { decodeText } from '@/lib/github/text';
import { readBlob, readTree } from '@/lib/github/tree';
import type { DB } from '@/lib/db/client';
import type { ObjectStore } from '@/lib/storage';
import { addMessage, type ChatThread } from './history';
import { storeImage } from './images';
import { type ChatMessageView, type ChatPart, type ChatPartOf, describeLines } from './protocol';

/** A user's message as they send it: text, optionally a file of the branch (or lines of it) and pasted images. */
export interface NewUserMessage {
  content: string;
  attachment?: { path: string; startLine?: number; endLine?: number };
  /** Base64 image bytes. */
  images: string[];
}

function lineCount(text: string): number {
  const lines = text.split('\n').length;
  return text.endsWith('\n') ? lines - 1 : lines;
}

/** The attachment checked against the branch at `headSha`: an existing file, and lines it has. */
async function checkedAttachment(
  github: GitHubClient,
  thread: ChatThread,
  headSha: string,
  attachment: NonNullable<NewUserMessage['attachment']>,
): Promise<ChatPartOf<'attachment'>> {
  const { path, startLine, endLine } = attachment;
  const entry = (await readTree(github, thread.owner, thread.repo, headSha)).entries.find((candidate) => candidate.path === path);
  if (!entry || entry.type !== 'blob') throw new AppError('validation_failed', `There is no file "${path}" on the branch "${thread.branch}".`);
  if (startLine !== undefined) {
    const text = decodeText(await readBlob(github, thread.owner, thread.repo, entry.sha));
    if (text === null) throw new AppError('validation_failed', `${path} is a binary file; lines cannot be selected in it.`);
    const lines = lineCount(text);
    const last = endLine ?? startLine;
    if (last > lines) {
      throw new AppError('validation_failed', `${path} has ${lines} line${lines === 1 ? '' : 's'}, so ${describeLines(attachment)} cannot be attached.`);
    }
  }
  return { type: 'attachment', path, ...(startLine !== undefined ? { startLine, endLine: endLine ?? startLine } : {}) };
}

/** Stores a user message (no turn runs; `beginTurn` answers the messages since the last answer). */
export async function addUserMessage(
  context: { db: DB; store: ObjectStore; github: GitHubClient; thread: ChatThread; headSha: string },
  message: NewUserMessage,
): Promise<ChatMessageView> {
  const { db, store, github, thread, headSha } = context;
  const parts: ChatPart[] = [];
  if (message.attachment) parts.push(await checkedAttachment(github, thread, headSha, message.attachment));
  for (const [index, image] of message.images.entries()) parts.push(await storeImage(store, thread.userId, image, index));
  return addMessage(db, thread, { role: 'user', content: message.content, parts });
}
