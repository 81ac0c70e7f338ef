import type Anthropic from '@anthropic-ai/sdk';
import type { DB } from '@/lib/db/client';
import { toAppError } from '@/lib/errors';
import type { GitHubClient } from '@/lib/github/octokit';
import { githubCommitUrl } from '@/lib/github/web-urls';
import type { LlmSettings } from '@/lib/llm/client';
import { type LoopStep, runToolLoop, type TurnResult } from '@/lib/llm/loop';
import { type TurnCommands, turnCommands } from '@/lib/llm/commands';
import { systemPrompt } from '@/lib/llm/prompt';
import { outputTail } from '@/lib/sandbox/output';
import { NO_USAGE } from '@/lib/llm/usage';
import { type FileChange, openBranchWorkspace } from '@/lib/llm/workspace';
import type { ObjectStore } from '@/lib/storage';
import { commitToBranch } from '@/lib/workspace/commit';
import { type ParticipantTracker, trackParticipant } from '@/lib/workspace/participant-steps';
import { liveChatLabel, liveChatParticipantId } from '@/lib/workspace/participants';
import type { WorkspacePage } from '@/lib/workspace/urls';
import { commitAuthor, committedFiles } from './commits';
import { toConversation } from './conversation';
import { type BegunTurn, type ChatThread, finishTurn, MAX_TURN_MS } from './history';
import {
  type ChatMessageView,
  type ChatPart,
  type ChatPartOf,
  type ChatTurnStatus,
  partsOf,
  type TurnEvent,
} from './protocol';

/**
 * One Live Chat turn, inside the request: the tool loop on a snapshot of the branch at its head, every
 * step streamed as it happens, then the turn's file changes as ONE commit by the user ("Live Chat: …"),
 * announced on the branch's activity log. A stopped turn (the client went away) commits nothing.
 */

export interface ChatTurnOptions {
  db: DB;
  store: ObjectStore;
  github: GitHubClient;
  llm: { client: Anthropic; settings: LlmSettings };
  /** GITHUB_URL, for commit links and the noreply author address. */
  githubUrl: string;
  thread: ChatThread;
  /** The branch head the turn works on. */
  headSha: string;
  /** The workspace page the user asked from. */
  page: WorkspacePage;
  turn: BegunTurn;
  /** Aborted when the client disconnects (Stop). */
  signal: AbortSignal;
  emit: (event: TurnEvent) => void;
  /** First retry delay of the loop (tests shorten it). */
  retryBaseMs?: number;
}

/** Tool output kept in the history (the model saw all of it). */
const MAX_STORED_OUTPUT = 20_000;
const SUBJECT_CHARS = 60;

function commitSubject(request: string): string {
  const line = request.replace(/\s+/g, ' ').trim();
  const summary = line.length > SUBJECT_CHARS ? `${line.slice(0, SUBJECT_CHARS - 1).trimEnd()}…` : line;
  return `Live Chat: ${summary || 'changes'}`;
}

export async function runChatTurn(options: ChatTurnOptions): Promise<ChatMessageView> {
  const { db, store, github, thread, headSha, turn, emit } = options;
  const timeout = AbortSignal.timeout(MAX_TURN_MS);
  const signal = AbortSignal.any([options.signal, timeout]);
  const parts: ChatPart[] = [];
  const commandOutput = new Map<string, string>();
  let text = '';
  let result: TurnResult | undefined;
  let commands: TurnCommands | undefined;
  let participant: ParticipantTracker | undefined;
  let status: ChatTurnStatus = 'failed';

  const fail = (code: string, message: string) => {
    parts.push({ type: 'error', code, message });
    emit({ event: 'error', data: { code, message } });
  };
  const onStep = (step: LoopStep) => {
    switch (step.type) {
      case 'text_delta':
        text += step.text;
        emit({ event: 'text', data: { text: step.text } });
        break;
      case 'tool_call':
        parts.push({ type: 'tool', id: step.id, name: step.name, input: step.input, at: text.length });
        emit({ event: 'tool_call', data: { id: step.id, name: step.name, input: step.input, at: text.length } });
        break;
      case 'tool_output': {
        commandOutput.set(step.id, (commandOutput.get(step.id) ?? '') + step.text);
        emit({ event: 'tool_output', data: { id: step.id, text: step.text } });
        break;
      }
      case 'tool_result': {
        const output = step.output.length > MAX_STORED_OUTPUT ? `${step.output.slice(0, MAX_STORED_OUTPUT)}\n… (cut)` : step.output;
        const index = parts.findIndex((part) => part.type === 'tool' && part.id === step.id);
        const streamed = commandOutput.get(step.id);
        const command = step.command ? { command: step.command, commandOutput: outputTail(streamed ?? '', MAX_STORED_OUTPUT) } : {};
        if (index >= 0) parts[index] = { ...(parts[index] as ChatPartOf<'tool'>), output, isError: step.isError, ...command };
        emit({ event: 'tool_result', data: { id: step.id, output, isError: step.isError, ...(step.command ? { command: step.command } : {}) } });
        break;
      }
      case 'retry':
        emit({ event: 'retry', data: { message: step.message } });
        break;
      case 'error':
        fail(step.code, step.message);
        break;
      default:
        break;
    }
  };

  emit({ event: 'start', data: { message: turn.assistant } });
  try {
    const workspace = await openBranchWorkspace({ github, owner: thread.owner, repo: thread.repo, branch: thread.branch, sha: headSha });
    participant = await trackParticipant(
      db,
      {
        id: liveChatParticipantId(thread.userId, thread),
        kind: 'live-chat',
        owner: thread.owner,
        repo: thread.repo,
        branch: thread.branch,
        userId: thread.userId,
        agentId: null,
        label: liveChatLabel(await db.selectFrom('users').select(['login', 'name']).where('id', '=', thread.userId).executeTakeFirstOrThrow()),
        page: options.page,
      },
      { workspace, turn: turn.assistant.id },
    );
    commands = await turnCommands(workspace);
    if (commands.configProblem) fail('config', commands.configProblem);
    // The newest user message is what the turn is about (a Revert may have come after it).
    const request = turn.history.findLast((message) => message.role === 'user')!;
    const attachment = partsOf(request, 'attachment')[0];
    result = await runToolLoop({
      client: options.llm.client,
      settings: options.llm.settings,
      workspace,
      system: systemPrompt({
        owner: thread.owner,
        repo: thread.repo,
        branch: thread.branch,
        sha: headSha,
        page: options.page,
        openFile: attachment?.path,
        selection: attachment?.startLine ? { startLine: attachment.startLine, endLine: attachment.endLine ?? attachment.startLine } : undefined,
        delivery: `They become one commit on the branch "${thread.branch}" by the user, which everyone on the branch sees at once.`,
        commands: commands.commands,
      }),
      commands,
      messages: await toConversation(turn.history, turn.firstPending, { workspace, store, userId: thread.userId }),
      onStep: (step) => {
        onStep(step);
        participant?.onStep(step);
      },
      signal,
      retryBaseMs: options.retryBaseMs,
    });
    status = result.status;
    // Stopped after the model finished but before the commit started: still nothing is committed.
    if (signal.aborted) status = 'aborted';
    if (timeout.aborted) fail('timeout', `The turn took longer than ${MAX_TURN_MS / 60_000} minutes and was stopped; nothing was committed.`);
    if ((status === 'completed' || status === 'max_steps') && result.changes.length > 0) {
      const commit = await commitTurn(options, result.changes, commitSubject(request.content), text);
      if ('conflict' in commit) fail('conflict', commit.conflict);
      else {
        parts.push(commit);
        emit({ event: 'commit', data: commit });
      }
    }
  } catch (error) {
    const appError = toAppError(error);
    fail(appError.code, appError.message);
    status = signal.aborted ? 'aborted' : 'failed';
  } finally {
    await commands?.close();
    await participant?.leave();
  }

  parts.push({ type: 'result', status, usage: result?.usage ?? NO_USAGE, costUsd: result?.costUsd ?? 0 });
  let message: ChatMessageView = { ...turn.assistant, content: text, parts };
  try {
    message = await finishTurn(db, turn.assistant.id, { content: text, parts });
  } catch (error) {
    const appError = toAppError(error);
    emit({ event: 'error', data: { code: appError.code, message: appError.message } });
  }
  emit({ event: 'done', data: { message } });
  return message;
}

async function commitTurn(
  options: ChatTurnOptions,
  changes: FileChange[],
  subject: string,
  answer: string,
): Promise<ChatPartOf<'commit'> | { conflict: string }> {
  const { db, github, thread } = options;
  const body = answer.trim().slice(0, 2_000);
  const committed = await commitToBranch(db, github, thread.userId, {
    owner: thread.owner,
    repo: thread.repo,
    branch: thread.branch,
    expectedHeadSha: options.headSha,
    changes,
    message: body ? `${subject}\n\n${body}` : subject,
    author: await commitAuthor(db, thread.userId, options.githubUrl),
    page: 'chat',
  });
  if (committed.status === 'conflict') {
    const paths = committed.conflicts.map((conflict) => conflict.path).join(', ');
    return {
      conflict: `${paths} changed on "${thread.branch}" while the assistant was working, so its changes were not committed (nothing was overwritten). Ask again to redo them on the new version.`,
    };
  }
  return {
    type: 'commit',
    sha: committed.sha,
    parentSha: committed.parentSha,
    message: subject,
    url: githubCommitUrl(options.githubUrl, thread.owner, thread.repo, committed.sha),
    files: await committedFiles(github, thread, committed),
  };
}
