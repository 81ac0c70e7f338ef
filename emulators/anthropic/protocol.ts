/**
 * The Messages API wire format as the emulator speaks it: request validation (zod, with Anthropic's error
 * wording), response messages, error bodies, the streaming event sequence and deterministic token counts.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';

const KNOWN_BLOCKS = ['text', 'image', 'tool_use', 'tool_result'];

const textBlock = z.looseObject({ type: z.literal('text'), text: z.string() });
const contentBlock = z.union([
  textBlock,
  z.looseObject({ type: z.literal('image'), source: z.looseObject({ type: z.string() }) }),
  z.looseObject({ type: z.literal('tool_use'), id: z.string().min(1), name: z.string().min(1), input: z.record(z.string(), z.unknown()) }),
  z.looseObject({
    type: z.literal('tool_result'),
    tool_use_id: z.string().min(1),
    content: z.union([z.string(), z.array(z.looseObject({ type: z.string() }))]).optional(),
    is_error: z.boolean().optional(),
  }),
  // Documents, thinking blocks and the like pass through unchecked.
  z.looseObject({ type: z.string().refine((type) => !KNOWN_BLOCKS.includes(type)) }),
]);

const messageParam = z.object({
  role: z.enum(['user', 'assistant']),
  content: z.union([z.string(), z.array(contentBlock).min(1)]),
});

export const messagesRequestSchema = z.looseObject({
  model: z.string().min(1),
  max_tokens: z.number().int().min(1),
  messages: z.array(messageParam).min(1),
  system: z.union([z.string(), z.array(textBlock)]).optional(),
  tools: z
    .array(
      z.looseObject({
        name: z.string().regex(/^[a-zA-Z0-9_-]{1,128}$/, 'String should match pattern ^[a-zA-Z0-9_-]{1,128}$'),
        description: z.string().optional(),
        input_schema: z.looseObject({ type: z.literal('object') }),
      }),
    )
    .optional(),
  stream: z.boolean().optional(),
  temperature: z.number().min(0).max(1).optional(),
  stop_sequences: z.array(z.string()).optional(),
});

export type MessagesRequest = z.infer<typeof messagesRequestSchema>;
export type RequestMessage = MessagesRequest['messages'][number];
type RequestBlock = Exclude<RequestMessage['content'], string>[number];

export class AnthropicApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

const invalid = (message: string) => new AnthropicApiError(400, 'invalid_request_error', message);

function blocksOf(message: RequestMessage): RequestBlock[] {
  return typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : message.content;
}

/**
 * Parses a request body the way the API does: the first problem is reported as an invalid_request_error
 * naming the field (`messages.1.content: …`), and every tool_use must be answered by a tool_result in the
 * next message (and every tool_result must answer one).
 */
export function parseMessagesRequest(body: unknown): MessagesRequest {
  const parsed = messagesRequestSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    throw invalid(`${where}${issue?.message ?? 'Invalid request'}`);
  }
  const request = parsed.data;
  const names = new Set<string>();
  for (const tool of request.tools ?? []) {
    if (names.has(tool.name)) throw invalid(`tools: Tool names must be unique. Duplicate: ${tool.name}`);
    names.add(tool.name);
  }
  request.messages.forEach((message, index) => {
    const previous = request.messages[index - 1];
    const asked = new Set(previous?.role === 'assistant' ? blocksOf(previous).flatMap((b) => (b.type === 'tool_use' ? [String(b.id)] : [])) : []);
    for (const block of blocksOf(message)) {
      if (block.type !== 'tool_result') continue;
      if (message.role !== 'user') throw invalid(`messages.${index}: tool_result blocks are only allowed in user messages`);
      if (!asked.has(String(block.tool_use_id))) {
        throw invalid(
          `messages.${index}.content: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${String(block.tool_use_id)}. Each \`tool_result\` block must have a corresponding \`tool_use\` block in the previous message.`,
        );
      }
    }
    if (message.role !== 'assistant') return;
    const next = request.messages[index + 1];
    const answered = new Set(next ? blocksOf(next).flatMap((b) => (b.type === 'tool_result' ? [String(b.tool_use_id)] : [])) : []);
    const missing = blocksOf(message).flatMap((b) => (b.type === 'tool_use' && next && !answered.has(String(b.id)) ? [String(b.id)] : []));
    if (missing.length) {
      throw invalid(
        `messages.${index + 1}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${missing.join(', ')}. Each \`tool_use\` block must have a corresponding \`tool_result\` block in the next message.`,
      );
    }
  });
  return request;
}

/** The conversation position a scripted answer depends on. */
export interface Conversation {
  /** Model calls since the last user message with text (0 = answering it). */
  step: number;
  /** Text of that user message. */
  lastUserText: string;
  /** Every user text, newest first (scenario markers are looked for here). */
  userTexts: string[];
  /** tool_result blocks of the last message. */
  toolResults: Array<{ toolUseId: string; isError: boolean; text: string }>;
  toolNames: string[];
  /** The system prompt's text. */
  system: string;
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((b: { type?: string; text?: unknown }) => (b.type === 'text' && typeof b.text === 'string' ? b.text : '')).join('\n');
}

export function conversationOf(request: MessagesRequest): Conversation {
  const userTexts: string[] = [];
  let lastUserIndex = -1;
  request.messages.forEach((message, index) => {
    if (message.role !== 'user') return;
    const text = blocksOf(message)
      .filter((b) => b.type === 'text')
      .map((b) => String(b.text))
      .join('\n');
    if (text) {
      userTexts.unshift(text);
      lastUserIndex = index;
    }
  });
  const last = request.messages.at(-1);
  const toolResults =
    last?.role === 'user'
      ? blocksOf(last).flatMap((b) =>
          b.type === 'tool_result' ? [{ toolUseId: String(b.tool_use_id), isError: b.is_error === true, text: textOf(b.content) }] : [],
        )
      : [];
  return {
    step: request.messages.slice(lastUserIndex + 1).filter((m) => m.role === 'assistant').length,
    lastUserText: userTexts[0] ?? '',
    userTexts,
    toolResults,
    toolNames: (request.tools ?? []).map((t) => t.name),
    system: typeof request.system === 'string' ? request.system : (request.system ?? []).map((b) => b.text).join('\n'),
  };
}

export type ResponseBlock =
  | { type: 'text'; text: string; citations: null }
  | { type: 'tool_use'; id: string; name: string; input: Record<string, unknown>; caller: { type: 'direct' } };

export type StopReason = 'end_turn' | 'tool_use' | 'max_tokens';

export interface Usage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
  cache_creation: { ephemeral_5m_input_tokens: number; ephemeral_1h_input_tokens: number };
  server_tool_use: null;
  service_tier: 'standard';
  inference_geo: string;
  output_tokens_details: null;
  speed: 'standard';
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Anthropic-style ids: `msg_01…`, `toolu_01…`, `req_01…` (24 base62 characters after the version). */
export function newId(prefix: 'msg' | 'toolu' | 'req'): string {
  return `${prefix}_01${Array.from(randomBytes(22), (byte) => BASE62[byte % 62]).join('')}`;
}

/** Roughly four characters per token, as Anthropic's tokenizer averages on English and code. */
export function tokensFor(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

export function inputTokens(request: MessagesRequest): number {
  return tokensFor(JSON.stringify([request.system ?? '', request.tools ?? [], request.messages]));
}

export function outputTokens(blocks: ResponseBlock[]): number {
  return tokensFor(blocks.map((b) => (b.type === 'text' ? b.text : `${b.name}${JSON.stringify(b.input)}`)).join(''));
}

export function usage(input: number, output: number): Usage {
  return {
    input_tokens: input,
    output_tokens: output,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
    cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 },
    server_tool_use: null,
    service_tier: 'standard',
    inference_geo: 'not_available',
    output_tokens_details: null,
    speed: 'standard',
  };
}

/** Cuts the reply to `maxTokens` (text only, like a model interrupted mid-sentence). */
export function limitToMaxTokens(blocks: ResponseBlock[], maxTokens: number): { blocks: ResponseBlock[]; truncated: boolean } {
  if (outputTokens(blocks) <= maxTokens) return { blocks, truncated: false };
  let budget = maxTokens * 4;
  const kept: ResponseBlock[] = [];
  for (const block of blocks) {
    if (block.type !== 'text' || budget <= 0) break;
    kept.push({ ...block, text: block.text.slice(0, budget) });
    budget -= block.text.length;
  }
  return { blocks: kept.length ? kept : [{ type: 'text', text: '', citations: null }], truncated: true };
}

export function message(id: string, model: string, blocks: ResponseBlock[], stopReason: StopReason | null, use: Usage) {
  return {
    id,
    type: 'message' as const,
    role: 'assistant' as const,
    model,
    content: blocks,
    stop_reason: stopReason,
    stop_sequence: null,
    stop_details: null,
    container: null,
    diagnostics: null,
    usage: use,
  };
}

export function errorBody(type: string, message: string, requestId: string) {
  return { type: 'error' as const, error: { type, message }, request_id: requestId };
}

export interface StreamEvent {
  event: string;
  data: unknown;
}

/** Text is streamed a word at a time; tool input as an empty first chunk, then slices of its JSON. */
function deltas(block: ResponseBlock): unknown[] {
  if (block.type === 'text') {
    return (block.text.match(/\s*\S+\s*|\s+/g) ?? []).map((text) => ({ type: 'text_delta', text }));
  }
  const json = JSON.stringify(block.input);
  const parts = [''];
  for (let i = 0; i < json.length; i += 24) parts.push(json.slice(i, i + 24));
  return parts.map((partial_json) => ({ type: 'input_json_delta', partial_json }));
}

/**
 * Anthropic's streaming sequence: message_start, then per block content_block_start / _delta… / _stop
 * (a ping after the first start), message_delta with the stop reason and usage, message_stop.
 */
export function* streamEvents(
  messageStart: ReturnType<typeof message>,
  blocks: ResponseBlock[],
  stopReason: StopReason,
  finalUsage: Usage,
): Generator<StreamEvent> {
  yield { event: 'message_start', data: { type: 'message_start', message: messageStart } };
  for (const [index, block] of blocks.entries()) {
    const start = block.type === 'text' ? { ...block, text: '' } : { ...block, input: {} };
    yield { event: 'content_block_start', data: { type: 'content_block_start', index, content_block: start } };
    if (index === 0) yield { event: 'ping', data: { type: 'ping' } };
    for (const delta of deltas(block)) yield { event: 'content_block_delta', data: { type: 'content_block_delta', index, delta } };
    yield { event: 'content_block_stop', data: { type: 'content_block_stop', index } };
  }
  yield {
    event: 'message_delta',
    data: {
      type: 'message_delta',
      delta: { stop_reason: stopReason, stop_sequence: null, stop_details: null, container: null },
      usage: {
        input_tokens: finalUsage.input_tokens,
        output_tokens: finalUsage.output_tokens,
        cache_creation_input_tokens: finalUsage.cache_creation_input_tokens,
        cache_read_input_tokens: finalUsage.cache_read_input_tokens,
        server_tool_use: null,
        output_tokens_details: null,
      },
    },
  };
  yield { event: 'message_stop', data: { type: 'message_stop' } };
}

export function formatEvent({ event, data }: StreamEvent): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}
