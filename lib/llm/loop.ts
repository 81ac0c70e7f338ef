import type Anthropic from '@anthropic-ai/sdk';
import { APIConnectionError, APIError, APIUserAbortError } from '@anthropic-ai/sdk';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { type CommandSummary, commandSummary } from '@/lib/sandbox';
import type { LlmSettings } from './client';
import { describeCommandResult, runCommandCall, runCommandSchema, runCommandTool, type TurnCommands } from './commands';
import { ToolError } from './tool-error';
import { fileTools, isReadOnlyTool, readOnlyFileTools, runTool, type ToolOutcome } from './tools';
import { addUsage, costUsd, NO_USAGE, type TokenUsage, usageFromApi } from './usage';
import type { BranchWorkspace, FileChange } from './workspace';

/**
 * The tool loop of one assistant turn: call Claude (streamed), run the file tools it asks for on the
 * workspace, send the results back, until it answers without tools — reporting every step as it happens.
 * Shared by Live Chat (in the request) and agents (in the worker).
 */

export type TurnStatus = 'completed' | 'aborted' | 'failed' | 'max_steps';

export type LlmErrorCode = 'overloaded' | 'rate_limited' | 'unavailable' | 'unauthorized' | 'rejected';

export type LoopStep =
  | { type: 'text_delta'; text: string }
  | { type: 'tool_call'; id: string; name: string; input: unknown }
  /** Output of a running command (run_command), as it arrives. */
  | { type: 'tool_output'; id: string; text: string }
  /** `command`: how a run_command call ended (exit code, duration, limit, files). */
  | { type: 'tool_result'; id: string; name: string; output: string; isError: boolean; command?: CommandSummary }
  /** After each model call: the turn's usage so far and its cost. */
  | { type: 'usage'; usage: TokenUsage; costUsd: number }
  /** A call failed with a transient error and is tried again after `delayMs`. */
  | { type: 'retry'; attempt: number; maxRetries: number; delayMs: number; message: string }
  | { type: 'error'; code: LlmErrorCode; message: string }
  | { type: 'done'; status: TurnStatus; stopReason: string | null; usage: TokenUsage; costUsd: number };

export interface TurnResult {
  status: TurnStatus;
  /** The last model call's stop reason (null when none completed). */
  stopReason: string | null;
  usage: TokenUsage;
  costUsd: number;
  /** File changes to commit as one commit; always empty unless status is `completed` or `max_steps`. */
  changes: FileChange[];
  /** What the turn appended to the conversation (assistant messages, tool results): valid history for the next turn. */
  messages: Anthropic.MessageParam[];
  /** The assistant's text of the whole turn. */
  text: string;
  /** Model calls made. */
  steps: number;
  error?: { code: LlmErrorCode; message: string };
}

export interface ToolLoopOptions {
  client: Anthropic;
  settings: LlmSettings;
  workspace: BranchWorkspace;
  system: string;
  /** The conversation so far, ending with the user's new message. */
  messages: Anthropic.MessageParam[];
  /** Receives every step in order; must not throw. */
  onStep?: (step: LoopStep) => void;
  /** The turn's commands: with a sandbox, the model may run them (run_command); without, it hears why not. */
  commands?: TurnCommands;
  /** Only the tools that read are offered (and run): no writes, edits, deletes or commands. */
  readOnly?: boolean;
  /** Aborting stops the stream and the loop; the turn ends `aborted` with no changes. */
  signal?: AbortSignal;
  /** Model calls per turn (default 25). */
  maxSteps?: number;
  /** Output tokens per model call (default 8192). */
  maxTokens?: number;
  /** First retry delay when the API gives none (default 1000 ms, doubling). */
  retryBaseMs?: number;
}

const DEFAULT_MAX_STEPS = 25;
const DEFAULT_MAX_TOKENS = 8192;
/** A command's output streamed to the pages, at most per command (the rest is cut; the result shows its end). */
const MAX_STREAMED_OUTPUT = 256 * 1024;
const MAX_RETRY_DELAY_MS = 30_000;
/** A retry-after longer than this is not waited out: the user hears when to try again instead. */
const MAX_RETRY_AFTER_MS = 60_000;

class Aborted extends Error {}

class LlmError extends Error {
  constructor(
    readonly code: LlmErrorCode,
    message: string,
  ) {
    super(message);
  }
}

interface Failure {
  code: LlmErrorCode;
  retryable: boolean;
  /** Wait requested by the API (retry-after-ms / retry-after), if any. */
  retryAfterMs: number | null;
  /** What happened, e.g. "Anthropic is overloaded right now". */
  what: string;
  /** What the person can do once retrying is over. */
  advice: string;
}

function retryAfterMs(headers: Headers | undefined): number | null {
  const ms = Number.parseFloat(headers?.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const seconds = Number.parseFloat(headers?.get('retry-after') ?? '');
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : null;
}

/** What an SDK error means for the loop and for the person waiting. */
function classify(error: unknown): Failure {
  if (error instanceof APIConnectionError) {
    return {
      code: 'unavailable',
      retryable: true,
      retryAfterMs: null,
      what: "Anthropic's API could not be reached",
      advice: 'Check ANTHROPIC_BASE_URL and the network, then try again.',
    };
  }
  if (!(error instanceof APIError)) throw error;
  const after = retryAfterMs(error.headers);
  const detail = error.apiMessage ?? error.message;
  // Errors inside a stream have no status, only the type of Anthropic's error body.
  if (error.status === 429 || error.type === 'rate_limit_error') {
    const when = after ? `in ${Math.ceil(after / 1000)} seconds` : 'in a minute';
    return { code: 'rate_limited', retryable: true, retryAfterMs: after, what: "Anthropic's rate limit was reached", advice: `Try again ${when}.` };
  }
  if (error.status === 529 || error.type === 'overloaded_error') {
    return { code: 'overloaded', retryable: true, retryAfterMs: after, what: 'Anthropic is overloaded right now', advice: 'Please try again in a minute.' };
  }
  if ((error.status ?? 500) >= 500 || error.type === 'api_error') {
    return { code: 'unavailable', retryable: true, retryAfterMs: after, what: `Anthropic's API failed (${detail})`, advice: 'Please try again.' };
  }
  if (error.status === 401 || error.status === 403) {
    return { code: 'unauthorized', retryable: false, retryAfterMs: null, what: `Anthropic did not accept the API key (${detail})`, advice: 'Check ANTHROPIC_API_KEY.' };
  }
  return { code: 'rejected', retryable: false, retryAfterMs: null, what: `Anthropic rejected the request: ${detail}`, advice: '' };
}

function failureMessage(failure: Failure, attempts: number): string {
  return `${failure.what}${attempts > 1 ? ` (tried ${attempts} times)` : ''}.${failure.advice ? ` ${failure.advice}` : ''}`;
}

/** Response blocks as request params (empty text blocks are not accepted back by the API). */
function assistantContent(message: Anthropic.Message): Anthropic.ContentBlockParam[] {
  return message.content.flatMap((block): Anthropic.ContentBlockParam[] => {
    if (block.type === 'text') return block.text ? [{ type: 'text', text: block.text }] : [];
    if (block.type === 'tool_use') return [{ type: 'tool_use', id: block.id, name: block.name, input: block.input }];
    return [];
  });
}

export async function runToolLoop(options: ToolLoopOptions): Promise<TurnResult> {
  const { client, settings, workspace, signal } = options;
  const sandbox = options.readOnly ? undefined : options.commands?.sandbox;
  const tools = options.readOnly ? readOnlyFileTools : sandbox ? [...fileTools, runCommandTool] : fileTools;
  const emit = options.onStep ?? (() => {});
  const maxSteps = options.maxSteps ?? DEFAULT_MAX_STEPS;
  const retryBaseMs = options.retryBaseMs ?? 1000;
  const added: Anthropic.MessageParam[] = [];
  let usage = NO_USAGE;
  let stopReason: string | null = null;
  let text = '';
  let steps = 0;

  /** One model call, streamed; transient failures before any output are retried with backoff. */
  const call = async (): Promise<Anthropic.Message> => {
    for (let attempt = 0; ; attempt++) {
      let streamed = '';
      try {
        const stream = client.messages.stream(
          {
            model: settings.model,
            max_tokens: options.maxTokens ?? DEFAULT_MAX_TOKENS,
            // Tools and system prompt are the same on every call of a turn: cache them.
            system: [{ type: 'text', text: options.system, cache_control: { type: 'ephemeral' } }],
            tools,
            messages: [...options.messages, ...added],
          },
          { signal },
        );
        stream.on('text', (delta) => {
          streamed += delta;
          emit({ type: 'text_delta', text: delta });
        });
        const message = await stream.finalMessage();
        text += streamed;
        return message;
      } catch (error) {
        if (signal?.aborted || error instanceof APIUserAbortError) {
          if (streamed) {
            text += streamed;
            added.push({ role: 'assistant', content: [{ type: 'text', text: streamed }] });
          }
          throw new Aborted();
        }
        const failure = classify(error);
        const waitMs = failure.retryAfterMs ?? Math.min(retryBaseMs * 2 ** attempt, MAX_RETRY_DELAY_MS) * (0.75 + Math.random() * 0.25);
        // Text already shown cannot be taken back, so a stream that broke mid-answer is not repeated.
        if (!failure.retryable || streamed || attempt >= settings.maxRetries || waitMs > MAX_RETRY_AFTER_MS) {
          throw new LlmError(failure.code, failureMessage(failure, attempt + 1));
        }
        emit({
          type: 'retry',
          attempt: attempt + 1,
          maxRetries: settings.maxRetries,
          delayMs: Math.round(waitMs),
          message: `${failure.what}; trying again ${waitMs >= 1000 ? `in ${Math.round(waitMs / 1000)} s` : 'now'} (attempt ${attempt + 2} of ${settings.maxRetries + 1}).`,
        });
        try {
          await sleep(waitMs, undefined, { signal });
        } catch {
          throw new Aborted();
        }
      }
    }
  };

  const finish = (status: TurnStatus, error?: LlmError): TurnResult => {
    const cost = costUsd(usage, settings.pricing);
    if (error) emit({ type: 'error', code: error.code, message: error.message });
    emit({ type: 'done', status, stopReason, usage, costUsd: cost });
    return {
      status,
      stopReason,
      usage,
      costUsd: cost,
      changes: status === 'completed' || status === 'max_steps' ? workspace.changes() : [],
      messages: added,
      text,
      steps,
      ...(error ? { error: { code: error.code, message: error.message } } : {}),
    };
  };

  const runCommand = async (toolCall: Anthropic.ToolUseBlock): Promise<ToolOutcome & { command?: CommandSummary }> => {
    if (!sandbox) {
      const reason = options.commands && !options.commands.commands.available ? options.commands.commands.reason : 'no sandbox is available';
      return { output: `Commands cannot run here: ${reason}.`, isError: true };
    }
    const parsed = runCommandSchema.safeParse(toolCall.input);
    if (!parsed.success) return { output: `Invalid input for run_command: ${z.prettifyError(parsed.error)}`, isError: true };
    try {
      // What streams to the pages is bounded; the result (and so the model) gets the output's end.
      let streamed = 0;
      const result = await runCommandCall(sandbox, workspace, parsed.data, {
        signal,
        onOutput: (text) => {
          const room = MAX_STREAMED_OUTPUT - streamed;
          if (room <= 0) return;
          const shown = text.length > room ? `${text.slice(0, room)}\n… (more output; the result shows its end)\n` : text;
          streamed += shown.length;
          emit({ type: 'tool_output', id: toolCall.id, text: shown });
        },
      });
      return { output: describeCommandResult(result), isError: result.exitCode !== 0, command: commandSummary(result) };
    } catch (error) {
      if (error instanceof ToolError) return { output: error.message, isError: true };
      throw error;
    }
  };

  try {
    while (steps < maxSteps) {
      if (signal?.aborted) throw new Aborted();
      const message = await call();
      steps++;
      stopReason = message.stop_reason;
      usage = addUsage(usage, usageFromApi(message.usage));
      emit({ type: 'usage', usage, costUsd: costUsd(usage, settings.pricing) });
      const content = assistantContent(message);
      if (content.length) added.push({ role: 'assistant', content });
      const calls = message.content.filter((block): block is Anthropic.ToolUseBlock => block.type === 'tool_use');
      if (!calls.length) return finish('completed');

      const results: Anthropic.ToolResultBlockParam[] = [];
      for (const toolCall of calls) {
        emit({ type: 'tool_call', id: toolCall.id, name: toolCall.name, input: toolCall.input });
        // Once stopped, the remaining calls are answered without running, so the history stays valid.
        const outcome: ToolOutcome & { command?: CommandSummary } = signal?.aborted
          ? { output: 'Not run: the user stopped the turn.', isError: true }
          : options.readOnly && !isReadOnlyTool(toolCall.name)
            ? { output: `${toolCall.name} is not available in this turn: only list_files, read_file and search are.`, isError: true }
            : toolCall.name === 'run_command'
              ? await runCommand(toolCall)
              : runTool(workspace, toolCall.name, toolCall.input);
        // A command stopped by the user still says so; other calls answered after the stop are not shown.
        if (!signal?.aborted || outcome.command) emit({ type: 'tool_result', id: toolCall.id, name: toolCall.name, ...outcome });
        results.push({ type: 'tool_result', tool_use_id: toolCall.id, content: outcome.output, ...(outcome.isError ? { is_error: true } : {}) });
      }
      added.push({ role: 'user', content: results });
    }
    return finish('max_steps');
  } catch (error) {
    if (error instanceof Aborted) return finish('aborted');
    if (error instanceof LlmError) return finish('failed', error);
    throw error;
  }
}
