import type Anthropic from '@anthropic-ai/sdk';
import { type BranchWorkspace, decodeText } from '@/lib/llm/workspace';
import type { ObjectStore } from '@/lib/storage';
import { readImage } from './images';
import { type ChatMessageView, type ChatPartOf, describeLines, partsOf } from './protocol';

/**
 * The stored history as the model's conversation. The messages a turn answers carry their attachments
 * in full (the attached file's text as it is on the branch now, the pasted images as image blocks);
 * earlier messages are summarized (what was attached, what was committed or stopped), so long histories
 * stay small.
 */

const MAX_EXCERPT_CHARS = 20_000;
const short = (sha: string) => sha.slice(0, 7);

function fenced(text: string): string {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}\n${text}\n${fence}`;
}

/** The attached file (or its selected lines) as the model reads it. */
export function attachmentText(workspace: BranchWorkspace, part: ChatPartOf<'attachment'>): string {
  const lines = describeLines(part);
  const what = `${part.path}${lines ? ` (${lines})` : ''}`;
  const content = workspace.read(part.path);
  if (content === null) return `The user attached ${what}, which no longer exists on the branch.`;
  const text = typeof content === 'string' ? content : decodeText(content);
  if (text === null) return `The user attached ${what}, a binary file.`;
  let excerpt = text;
  if (part.startLine !== undefined) {
    const all = text.split('\n');
    excerpt = all.slice(part.startLine - 1, part.endLine ?? part.startLine).join('\n');
  }
  if (excerpt.length > MAX_EXCERPT_CHARS) excerpt = `${excerpt.slice(0, MAX_EXCERPT_CHARS)}\n… (cut; read the file for the rest)`;
  return `The user attached ${what}:\n\n${fenced(excerpt)}`;
}

async function imageBlock(store: ObjectStore, userId: string, part: ChatPartOf<'image'>): Promise<Anthropic.ContentBlockParam> {
  const image = await readImage(store, userId, part.id);
  if (!image) return { type: 'text', text: '(The user pasted an image that is no longer available.)' };
  return { type: 'image', source: { type: 'base64', media_type: part.mediaType, data: image.bytes.toString('base64') } };
}

function userSummary(message: ChatMessageView): string {
  const notes = [
    ...partsOf(message, 'attachment').map((part) => {
      const lines = describeLines(part);
      return `(attached ${part.path}${lines ? `, ${lines}` : ''})`;
    }),
    ...partsOf(message, 'image').map(() => '(pasted an image)'),
  ];
  return [message.content, ...notes].filter(Boolean).join('\n');
}

function assistantSummary(message: ChatMessageView): string {
  const tools = partsOf(message, 'tool').map((part) => {
    const path = part.input && typeof part.input === 'object' && 'path' in part.input ? ` ${String(part.input.path)}` : '';
    return `${part.name}${path}`;
  });
  const notes = [
    tools.length ? `[Used: ${tools.join(', ')}]` : '',
    ...partsOf(message, 'commit').map((part) => `[Committed ${short(part.sha)} "${part.message}": ${part.files.map((file) => file.path).join(', ')}]`),
    ...partsOf(message, 'error').map((part) => `[Failed: ${part.message}]`),
    ...partsOf(message, 'result').flatMap((part) =>
      part.status === 'aborted'
        ? ['[The user stopped this answer; nothing was committed.]']
        : part.status === 'interrupted'
          ? ['[This answer was interrupted; nothing was committed.]']
          : [],
    ),
  ];
  return [message.content.trim(), ...notes].filter(Boolean).join('\n\n');
}

function systemSummary(message: ChatMessageView): string {
  return partsOf(message, 'revert')
    .map((part) => `[The user reverted commit ${short(part.revertedSha)} (${part.files.map((file) => file.path).join(', ')}) with commit ${short(part.sha)}.]`)
    .join('\n');
}

export interface ConversationContext {
  workspace: BranchWorkspace;
  store: ObjectStore;
  userId: string;
}

/** The user messages of `history` from `firstPending` on are the ones the turn answers. */
export async function toConversation(history: ChatMessageView[], firstPending: number, context: ConversationContext): Promise<Anthropic.MessageParam[]> {
  const messages: Anthropic.MessageParam[] = [];
  const push = (role: 'user' | 'assistant', blocks: Anthropic.ContentBlockParam[]) => {
    if (blocks.length === 0) return;
    const last = messages.at(-1);
    // The API wants user and assistant to alternate: neighbours of one role become one message.
    if (last?.role === role && Array.isArray(last.content)) last.content.push(...blocks);
    else if (role === 'user' || messages.length > 0) messages.push({ role, content: blocks });
  };
  const text = (value: string): Anthropic.ContentBlockParam[] => (value.trim() ? [{ type: 'text', text: value }] : []);

  for (const [index, message] of history.entries()) {
    if (message.role === 'assistant') {
      push('assistant', text(assistantSummary(message)));
    } else if (message.role === 'system') {
      push('user', text(systemSummary(message)));
    } else if (index >= firstPending) {
      const images = await Promise.all(partsOf(message, 'image').map((part) => imageBlock(context.store, context.userId, part)));
      const attachments = partsOf(message, 'attachment').map((part) => attachmentText(context.workspace, part));
      push('user', [...images, ...attachments.flatMap(text), ...text(message.content)]);
    } else {
      push('user', text(userSummary(message)));
    }
  }
  return messages;
}
