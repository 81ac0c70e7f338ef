import type { Kysely } from 'kysely';
import type { Database } from '@/lib/db/schema';
import type { LoopStep } from '@/lib/llm/loop';
import { type BranchWorkspace, decodeText } from '@/lib/llm/workspace';
import { commandOutcome } from '@/lib/sandbox/summary';
import type { PendingChange } from './collab-protocol';
import {
  appendParticipantStep,
  joinBranch,
  leaveBranch,
  moveParticipant,
  type NewParticipant,
  type ParticipantPosition,
} from './participants';

/**
 * Follows one turn of an agent or of Live Chat on its branch: it joins the branch's presence, moves to
 * the file it reads or edits (with its pending change of that file), logs its edits and commands in the
 * activity feed, and leaves when the turn ends. Writes run in order, off the tool loop's path; a failed
 * write is logged and never stops the turn.
 */

/** Well within the 30 s after which presence counts a participant as gone, even during a long command. */
const HEARTBEAT_MS = 10_000;
/** Each side of a pending change is cut at this many characters. */
const MAX_PENDING_CHARS = 32_000;

const EDIT_TOOLS = new Set(['edit_file', 'write_file', 'delete_file']);

export interface ParticipantTracker {
  onStep(step: LoopStep): void;
  /** The turn goes on on another snapshot (after a conflict): pending changes are measured against it. */
  setWorkspace(workspace: BranchWorkspace): void;
  /** The turn is over: wait for the writes, then leave the branch. */
  leave(): Promise<void>;
}

const pathOf = (input: unknown): string | null => {
  const path = (input as { path?: unknown } | null)?.path;
  return typeof path === 'string' ? path : null;
};

function asText(content: string | Uint8Array | null): { text: string | null; truncated: boolean; binary: boolean } {
  const text = content === null ? null : typeof content === 'string' ? content : decodeText(content);
  const binary = content !== null && text === null;
  if (text === null || text.length <= MAX_PENDING_CHARS) return { text, truncated: false, binary };
  return { text: text.slice(0, MAX_PENDING_CHARS), truncated: true, binary };
}

function pendingChange(workspace: BranchWorkspace, path: string): PendingChange {
  const before = asText(workspace.original(path));
  const after = asText(workspace.read(path));
  return { path, before: before.text, after: after.text, truncated: before.truncated || after.truncated, binary: before.binary || after.binary };
}

export async function trackParticipant(
  db: Kysely<Database>,
  participant: NewParticipant,
  options: { workspace: BranchWorkspace; turn: string },
): Promise<ParticipantTracker> {
  await joinBranch(db, participant);
  let workspace = options.workspace;
  let chain = Promise.resolve();
  const write = (action: () => Promise<void>) => {
    chain = chain.then(action).catch((error: unknown) => console.error('[participants] write failed:', error instanceof Error ? error.message : error));
  };
  const move = (position: ParticipantPosition) => write(() => moveParticipant(db, participant.id, position));
  const branch = { owner: participant.owner, repo: participant.repo, branch: participant.branch };
  const logStep = (text: string, path: string | null) =>
    write(() =>
      appendParticipantStep(db, branch, participant.userId, {
        participantId: participant.id,
        kind: participant.kind,
        label: participant.label,
        agentId: participant.agentId,
        turn: options.turn,
        text,
        page: participant.page,
        path,
      }),
    );

  const calls = new Map<string, { name: string; input: unknown }>();
  const announced = new Set<string>();
  const heartbeat = setInterval(() => move({}), HEARTBEAT_MS);

  const onStep = (step: LoopStep) => {
    if (step.type === 'tool_call') {
      calls.set(step.id, { name: step.name, input: step.input });
      const path = pathOf(step.input);
      if (step.name === 'read_file' && path) move({ path, activity: `reading ${path}` });
      else if (EDIT_TOOLS.has(step.name) && path) {
        const verb = step.name === 'delete_file' ? 'deleting' : 'editing';
        move({ path, activity: `${verb} ${path}` });
        // One entry per file and turn: an agent editing a file ten times is still "editing" it.
        if (!announced.has(`${verb}:${path}`)) {
          announced.add(`${verb}:${path}`);
          logStep(`is ${verb} ${path}`, path);
        }
      } else if (step.name === 'run_command') {
        const command = (step.input as { command?: unknown } | null)?.command;
        if (typeof command === 'string') move({ activity: `running \`${command}\`` });
      }
      return;
    }
    if (step.type !== 'tool_result') return;
    const call = calls.get(step.id);
    const path = pathOf(call?.input);
    if (call && EDIT_TOOLS.has(call.name) && path && !step.isError) move({ path, pending: pendingChange(workspace, path) });
    if (step.command) logStep(`ran \`${step.command.command}\`: ${commandOutcome(step.command)}`, null);
  };

  return {
    onStep,
    setWorkspace(next) {
      workspace = next;
    },
    async leave() {
      clearInterval(heartbeat);
      write(() => leaveBranch(db, participant.id));
      await chain;
    },
  };
}
