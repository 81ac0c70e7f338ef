import type Anthropic from '@anthropic-ai/sdk';
import { type Kysely, sql } from 'kysely';
import type { Agent, Database } from '@/lib/db/schema';
import { AppError } from '@/lib/errors';
import { installationClientForRepo } from '@/lib/github/app';
import { githubClientForUser } from '@/lib/github/client';
import type { GitHubClient } from '@/lib/github/octokit';
import { createBranch, isRepositoryEmpty } from '@/lib/github/repos';
import { anthropicClient, llmSettings } from '@/lib/llm/client';
import { type LoopStep, runToolLoop, type TurnResult } from '@/lib/llm/loop';
import { turnCommands } from '@/lib/llm/commands';
import { systemPrompt } from '@/lib/llm/prompt';
import { type BranchWorkspace, emptyRepositoryWorkspace, openBranchWorkspace } from '@/lib/llm/workspace';
import { commitToBranch } from '@/lib/workspace/commit';
import { isPlanning, planInstructions } from './plan';
import { type ParticipantTracker, trackParticipant } from '@/lib/workspace/participant-steps';
import { agentLabel, agentParticipantId } from '@/lib/workspace/participants';
import { conflictReport, reapplyChanges, withCommitConflict } from './conflict';
import type { TurnContext, TurnOutcome, TurnRunner } from './worker';

/** Marks the commit of a turn, so a turn retried after a crash finds its commit instead of making another. */
const turnTrailer = (agentId: string, turn: number) => `WebEDT-Agent-Turn: ${agentId}#${turn}`;

/**
 * Text deltas are written at most once per this interval: one event per token would flood the log. The
 * first text after a quiet interval goes out at once, so batching never delays the first token.
 */
const TEXT_FLUSH_MS = 100;
/** Command output is written at most this often. */
const OUTPUT_FLUSH_MS = 250;
/** How often a running turn looks for a cancel request, so Cancel also stops a long answer. */
const CANCEL_POLL_MS = 500;

/** The agent acts through the GitHub App when one is installed on the repository, else as its user. */
async function agentGitHub(db: Kysely<Database>, agent: Agent): Promise<GitHubClient> {
  return (await installationClientForRepo(agent.repository_owner!, agent.repository_name!)) ?? githubClientForUser(db, agent.user_id);
}

/**
 * The agent's conversation. A turn's answer is dated when the turn began (see `runAndCommit`), so a
 * follow-up sent while it ran comes after the answer it could not have been part of.
 */
async function conversation(db: Kysely<Database>, agentId: string): Promise<Anthropic.MessageParam[]> {
  const rows = await db
    .selectFrom('agent_messages')
    .select(['type', 'content'])
    .where('agent_id', '=', agentId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const messages: Anthropic.MessageParam[] = [];
  for (const row of rows) {
    const role = row.type === 'assistant' ? 'assistant' : 'user';
    const last = messages.at(-1);
    // Consecutive messages of one role (two follow-ups in a row) become one message, as the API requires.
    if (last?.role === role && typeof last.content === 'string') last.content += `\n\n${row.content}`;
    else messages.push({ role, content: row.content });
  }
  return messages;
}

/**
 * The agent's branch, from the head of its base (or from the base commit its attempt group shares),
 * made by its first turn (creating the agent only names it). A first turn run again — after a crash, or
 * a follow-up to an agent cancelled before it ran — finds it already there, which is fine: the name
 * carries the agent's id, so it is this agent's branch.
 */
async function ensureAgentBranch(github: GitHubClient, agent: Agent): Promise<boolean> {
  if (agent.turns > 0 || !agent.base_branch || !agent.branch) return false;
  const owner = agent.repository_owner!;
  const repo = agent.repository_name!;
  try {
    await createBranch(github, { owner, repo, baseBranch: agent.base_branch, newBranch: agent.branch, baseSha: agent.base_sha });
    return true;
  } catch (error) {
    if (error instanceof AppError && error.code === 'conflict') return false;
    // An empty repository has nothing to branch from: the turn's commit, its first, makes the branch.
    if (error instanceof AppError && error.code === 'not_found' && (await isRepositoryEmpty(github, owner, repo))) return false;
    throw error;
  }
}

/** The head commit of the agent's branch, or null while the repository has no commits (GitHub answers 409). */
async function headCommit(github: GitHubClient, owner: string, repo: string, branch: string) {
  try {
    return (await github.rest.repos.getCommit({ owner, repo, ref: branch })).data;
  } catch (error) {
    if ((error as { status?: number }).status === 409) return null;
    throw error;
  }
}

function commitMessage(agent: Agent, turn: number, summary: string, agentUrl: string): string {
  const subject = `Agent: ${agent.task_request.split('\n')[0]!.slice(0, 60)}${turn > 1 ? ` (turn ${turn})` : ''}`;
  return `${subject}\n\n${summary.trim().slice(0, 2_000)}\n\n${agentUrl}\n${turnTrailer(agent.id, turn)}`;
}

/** Streams the steps of the loop into agent events, in order, with text deltas batched. */
function stepRecorder(context: TurnContext, abort: AbortController) {
  let chain = Promise.resolve();
  let text = '';
  let timer: ReturnType<typeof setTimeout> | undefined;
  let textWrittenAt = -Infinity;
  const write = (type: string, data: Record<string, unknown>) => {
    chain = chain.then(() => context.emit(type, data)).catch((error: unknown) => console.error('[agents] event write failed:', error));
  };
  const flushText = () => {
    clearTimeout(timer);
    timer = undefined;
    if (text) {
      write('text_delta', { text });
      textWrittenAt = Date.now();
    }
    text = '';
  };
  let output: { id: string; text: string } | null = null;
  let outputTimer: ReturnType<typeof setTimeout> | undefined;
  const flushOutput = () => {
    clearTimeout(outputTimer);
    outputTimer = undefined;
    if (output?.text) write('tool_output', { id: output.id, text: output.text });
    if (output) output.text = '';
  };
  const onStep = (step: LoopStep) => {
    if (step.type === 'tool_output') {
      if (output?.id !== step.id) {
        flushOutput();
        output = { id: step.id, text: '' };
      }
      output.text += step.text;
      outputTimer ??= setTimeout(flushOutput, OUTPUT_FLUSH_MS);
      return;
    }
    if (step.type === 'text_delta') {
      text += step.text;
      if (timer !== undefined) return;
      const wait = textWrittenAt + TEXT_FLUSH_MS - Date.now();
      if (wait <= 0) flushText();
      else timer = setTimeout(flushText, wait);
      return;
    }
    flushText();
    flushOutput();
    if (step.type === 'tool_call') write('tool_call', { id: step.id, name: step.name, input: step.input });
    else if (step.type === 'tool_result') {
      write('tool_result', { id: step.id, output: step.output.slice(0, 20_000), isError: step.isError, ...(step.command ? { command: step.command } : {}) });
    }
    else if (step.type === 'retry') write('retry', { message: step.message, delayMs: step.delayMs });
  };
  const cancelPoll = setInterval(() => {
    context.cancelRequested().then(
      (requested) => requested && abort.abort(),
      () => {},
    );
  }, CANCEL_POLL_MS);
  return {
    onStep,
    finished: () => {
      clearInterval(cancelPoll);
      flushText();
      flushOutput();
      return chain;
    },
  };
}

/**
 * One turn of an agent: the tool loop on a snapshot of its branch, then its changes as ONE commit on
 * that branch. A turn whose commit already exists (the worker died after committing) is not redone.
 */
export function llmTurnRunner(appUrl: string): TurnRunner {
  return async (context): Promise<TurnOutcome> => {
    const { db, agent, turn } = context;
    const owner = agent.repository_owner!;
    const repo = agent.repository_name!;
    const branch = agent.branch!;
    const github = await agentGitHub(db, agent);
    const none = { inputTokens: 0, outputTokens: 0, costUsd: 0 };
    // The agent page shows the branch (workspace link, diff) as soon as it exists.
    if (await ensureAgentBranch(github, agent)) await context.emit('branch_created', { branch, baseBranch: agent.base_branch });

    const head = await headCommit(github, owner, repo, branch);
    if (head?.commit.message.includes(turnTrailer(agent.id, turn))) {
      return { ...none, cancelled: false, commit: { sha: head.sha, message: head.commit.message, files: (head.files ?? []).map((f) => f.filename) } };
    }

    const workspace = head
      ? await openBranchWorkspace({ github, owner, repo, branch, sha: head.sha })
      : emptyRepositoryWorkspace({ owner, repo, branch });
    const tracker = await trackParticipant(
      db,
      { id: agentParticipantId(agent.id), kind: 'agent', owner, repo, branch, userId: agent.user_id, agentId: agent.id, label: agentLabel(agent.task_request), page: 'code' },
      { workspace, turn: `${agent.id}#${turn}` },
    );
    try {
      return await runAndCommit({ context, github, owner, repo, branch, head, workspace, tracker, appUrl });
    } finally {
      await tracker.leave();
    }
  };
}

/** A conflict is handed back to the agent at most this often per turn; a branch that keeps moving fails the turn. */
const MAX_CONFLICT_ROUNDS = 2;

interface TurnWork {
  context: TurnContext;
  github: GitHubClient;
  owner: string;
  repo: string;
  branch: string;
  head: Awaited<ReturnType<typeof headCommit>>;
  workspace: BranchWorkspace;
  tracker: ParticipantTracker;
  appUrl: string;
}

/**
 * The tool loop, then its changes as one commit through the same path as people's commits. A true conflict
 * with someone's commit goes back to the agent as the answer to its commit (see `conflict.ts`); what it
 * resolves is committed on top of theirs.
 */
async function runAndCommit({ context, github, owner, repo, branch, head, workspace, tracker, appUrl }: TurnWork): Promise<TurnOutcome> {
  const { db, agent, turn } = context;
  // A planning turn only reads: no commands, so no sandboxed copy of the branch either.
  const planning = isPlanning(agent);
  let configReported = false;
  /**
   * One run of the tool loop on `on`, with its own sandbox on that snapshot: the turn's first run on its
   * branch, and a run resolving a conflict on the branch's new head, which can run the tests again too.
   */
  const loop = async (on: BranchWorkspace, messages: Anthropic.MessageParam[]) => {
    const commands = planning ? null : await turnCommands(on);
    if (commands?.configProblem && !configReported) {
      configReported = true;
      await context.emit('config_problem', { message: commands.configProblem });
    }
    const abort = new AbortController();
    // The worker's shutdown signal outlives every turn: the listener goes when the loop does.
    const stopOnShutdown = () => abort.abort();
    context.signal.addEventListener('abort', stopOnShutdown, { once: true });
    const recorder = stepRecorder(context, abort);
    try {
      return await runToolLoop({
        client: anthropicClient(),
        settings: llmSettings(),
        workspace: on,
        system: systemPrompt({
          owner,
          repo,
          branch,
          sha: on.ref.sha,
          delivery: `They become one commit on the agent's branch "${branch}", pushed to GitHub.`,
          commands: commands?.commands,
          instructions: planInstructions(agent),
        }),
        messages,
        commands: commands ?? undefined,
        readOnly: planning,
        onStep: (step) => {
          recorder.onStep(step);
          tracker.onStep(step);
        },
        signal: abort.signal,
      });
    } finally {
      context.signal.removeEventListener('abort', stopOnShutdown);
      await recorder.finished();
      await commands?.close();
    }
  };

  const usage = { inputTokens: 0, outputTokens: 0, costUsd: 0 };
  const count = (result: TurnResult) => {
    usage.inputTokens += result.usage.inputTokens;
    usage.outputTokens += result.usage.outputTokens;
    usage.costUsd += result.costUsd;
  };
  // The database's clock, as every created_at is: the moment the turn read its conversation.
  const { rows: [began] } = await sql<{ at: Date }>`SELECT now() AS at`.execute(db);
  const messages = await conversation(db, agent.id);
  let result = await loop(workspace, messages);
  count(result);
  const text = [result.text];
  const saveAnswer = async () => {
    const answer = text.join('\n\n').trim();
    if (answer) {
      await db.insertInto('agent_messages').values({ agent_id: agent.id, type: 'assistant', content: answer, images: null, created_at: began!.at }).execute();
    }
  };

  let mine = workspace;
  let baseSha = head?.sha ?? null;
  let added = result.messages;
  for (let round = 0; ; round++) {
    if (result.status === 'aborted') return { ...usage, cancelled: true, commit: null };
    if (result.status === 'failed') throw new Error(result.error?.message ?? 'The model call failed.');
    if (planning) {
      if (!result.text.trim()) throw new Error('The agent answered without a plan.');
      await saveAnswer();
      return { ...usage, cancelled: false, commit: null, proposedPlan: result.text.trim() };
    }
    if (result.changes.length === 0) {
      await saveAnswer();
      return { ...usage, cancelled: false, commit: null };
    }
    const message = commitMessage(agent, turn, text.join('\n\n'), `${appUrl.replace(/\/$/, '')}/agents/${agent.id}`);
    const request = { owner, repo, branch, changes: result.changes, message, page: 'agent' };
    const committed = baseSha
      ? await commitToBranch(db, github, agent.user_id, { ...request, expectedHeadSha: baseSha })
      : await commitToBranch(db, github, agent.user_id, request);
    if (committed.status === 'committed') {
      await saveAnswer();
      return { ...usage, cancelled: false, commit: { sha: committed.sha, message: message.split('\n')[0]!, files: committed.files.map((f) => f.path) } };
    }
    const paths = committed.conflicts.map((c) => c.path).join(', ');
    if (round >= MAX_CONFLICT_ROUNDS) throw new Error(`Someone else changed ${paths} on ${branch} meanwhile, again and again; the turn was not committed.`);

    await context.emit('conflict', { headSha: committed.headSha, paths: committed.conflicts.map((c) => c.path) });
    const theirs = await openBranchWorkspace({ github, owner, repo, branch, sha: committed.headSha });
    reapplyChanges(theirs, result.changes, committed.conflicts);
    const report = conflictReport(branch, committed.headSha, mine, theirs, committed.conflicts);
    tracker.setWorkspace(theirs);
    const handedOff = withCommitConflict(added, report);
    result = await loop(theirs, [...messages, ...handedOff]);
    count(result);
    text.push(result.text);
    added = [...handedOff, ...result.messages];
    mine = theirs;
    baseSha = committed.headSha;
  }
}
