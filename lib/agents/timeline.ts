/**
 * Folds an agent's event log into what the conversation view shows. Pure and incremental: the page
 * applies each streamed event as it arrives, in sequence order.
 */
import type { AgentStatus } from '@/lib/db/schema';
import type { CommandSummary } from '@/lib/sandbox/summary';

export interface AgentEventLike {
  id: string;
  type: string;
  data: Record<string, unknown>;
  createdAt: string;
}

export type TimelineItem =
  | { kind: 'user'; id: string; text: string; at: string }
  | { kind: 'assistant'; id: string; text: string; at: string }
  | {
      kind: 'tool';
      id: string;
      callId: string;
      name: string;
      input: unknown;
      output?: string;
      isError?: boolean;
      /** A command's output as it streams (run_command). */
      liveOutput?: string;
      /** How a command ended (run_command). */
      command?: CommandSummary;
      at: string;
    }
  /** `testRun`: the turn's last test run before the commit, shown beside it. */
  | { kind: 'commit'; id: string; sha: string; message: string; files: string[]; testRun?: CommandSummary; at: string }
  | { kind: 'notice'; id: string; tone: 'info' | 'error' | 'success'; text: string; at: string };

export interface Timeline {
  items: TimelineItem[];
  status: AgentStatus | null;
  lastEventId: string | null;
}

export const emptyTimeline: Timeline = { items: [], status: null, lastEventId: null };

const CANCEL_REQUESTED = 'Cancel requested: stopping after the current step.';

const text = (value: unknown) => (typeof value === 'string' ? value : '');

function formatCost(value: unknown): string {
  return typeof value === 'number' ? `$${value.toFixed(4)}` : '';
}

export function applyAgentEvent(timeline: Timeline, event: AgentEventLike): Timeline {
  const items = [...timeline.items];
  let status = timeline.status;
  const at = event.createdAt;
  const data = event.data;
  switch (event.type) {
    case 'user_message':
      items.push({ kind: 'user', id: event.id, text: text(data.content), at });
      break;
    case 'text_delta': {
      // Text still streaming after a cancel request belongs to the answer above the note, which stays last.
      const tail = items.at(-1);
      const note = tail?.kind === 'notice' && tail.text === CANCEL_REQUESTED ? items.pop() : undefined;
      const last = items.at(-1);
      if (last?.kind === 'assistant') items[items.length - 1] = { ...last, text: last.text + text(data.text) };
      else items.push({ kind: 'assistant', id: event.id, text: text(data.text), at });
      if (note) items.push(note);
      break;
    }
    case 'tool_call':
      items.push({ kind: 'tool', id: event.id, callId: text(data.id), name: text(data.name), input: data.input, at });
      break;
    case 'tool_output': {
      const index = items.findLastIndex((item) => item.kind === 'tool' && item.callId === text(data.id));
      const call = items[index];
      if (call?.kind === 'tool') items[index] = { ...call, liveOutput: (call.liveOutput ?? '') + text(data.text) };
      break;
    }
    case 'tool_result': {
      const index = items.findLastIndex((item) => item.kind === 'tool' && item.callId === text(data.id));
      const call = items[index];
      if (call?.kind === 'tool') {
        const command = data.command && typeof data.command === 'object' ? (data.command as CommandSummary) : undefined;
        items[index] = { ...call, output: text(data.output), isError: data.isError === true, ...(command ? { command } : {}) };
      }
      break;
    }
    case 'commit': {
      const turnStart = items.findLastIndex((item) => item.kind === 'user');
      const testRun = items
        .slice(turnStart + 1)
        .findLast((item): item is Extract<TimelineItem, { kind: 'tool' }> => item.kind === 'tool' && item.command?.isTest === true)?.command;
      items.push({
        kind: 'commit',
        id: event.id,
        sha: text(data.sha),
        message: text(data.message),
        files: Array.isArray(data.files) ? data.files.map(String) : [],
        ...(testRun ? { testRun } : {}),
        at,
      });
      break;
    }
    case 'config_problem':
      items.push({ kind: 'notice', id: event.id, tone: 'info', text: text(data.message), at });
      break;
    case 'status':
      status = (text(data.status) as AgentStatus) || status;
      if (status === 'cancelled') items.push({ kind: 'notice', id: event.id, tone: 'info', text: 'Cancelled.', at });
      break;
    case 'cancel_requested':
      items.push({ kind: 'notice', id: event.id, tone: 'info', text: CANCEL_REQUESTED, at });
      break;
    case 'waiting_for_slot':
      items.push({
        kind: 'notice',
        id: event.id,
        tone: 'info',
        text: `Waiting: ${String(data.limit)} of your agents are already running; this one starts when one finishes.`,
        at,
      });
      break;
    case 'worker_lost':
      items.push({ kind: 'notice', id: event.id, tone: 'info', text: 'The worker running this agent stopped; another one is taking over.', at });
      break;
    case 'error':
      items.push({ kind: 'notice', id: event.id, tone: 'error', text: text(data.message) || 'The agent failed.', at });
      break;
    case 'completed': {
      const tokens = `${Number(data.inputTokens ?? 0).toLocaleString('en')} in / ${Number(data.outputTokens ?? 0).toLocaleString('en')} out`;
      const parts = [`Turn finished`, tokens, formatCost(data.costUsd)].filter(Boolean);
      items.push({ kind: 'notice', id: event.id, tone: 'success', text: parts.join(' · '), at });
      break;
    }
    case 'conflict': {
      const paths = Array.isArray(data.paths) ? data.paths.filter((path): path is string => typeof path === 'string') : [];
      items.push({
        kind: 'notice',
        id: event.id,
        tone: 'info',
        text: `Someone committed ${paths.join(', ')} meanwhile: the agent is resolving the conflict, then commits on top.`,
        at,
      });
      break;
    }
    case 'branch_created':
      items.push({ kind: 'notice', id: event.id, tone: 'info', text: `Made branch ${text(data.branch)} from ${text(data.baseBranch)}.`, at });
      break;
    case 'plan_proposed':
      items.push({ kind: 'notice', id: event.id, tone: 'info', text: 'Plan proposed: the agent waits for your approval.', at });
      break;
    case 'plan_approved':
      items.push({ kind: 'notice', id: event.id, tone: 'success', text: 'Plan approved: the agent carries it out.', at });
      break;
    case 'pull_request':
      items.push({ kind: 'notice', id: event.id, tone: 'info', text: `Pull request #${String(data.number)} opened.`, at });
      break;
    default:
      break;
  }
  return { items, status, lastEventId: event.id };
}

/**
 * Events after which the agent page shows something else beside the conversation: the branch (made,
 * committed to), the status, the cost (a finished turn) or the pull request.
 */
const PAGE_EVENTS = new Set(['branch_created', 'commit', 'completed', 'status', 'pull_request']);

export function changesPage(event: Pick<AgentEventLike, 'type'>): boolean {
  return PAGE_EVENTS.has(event.type);
}

export function foldAgentEvents(events: readonly AgentEventLike[], start: Timeline = emptyTimeline): Timeline {
  return events.reduce(applyAgentEvent, start);
}

/**
 * Agents migrated from the previous system kept their messages but have no conversation events: their
 * history is shown from the messages instead.
 */
export function legacyTimeline(messages: ReadonlyArray<{ id: string; type: string; content: string; createdAt: string }>): Timeline {
  const items: TimelineItem[] = messages.map((message) =>
    message.type === 'user'
      ? { kind: 'user', id: `m${message.id}`, text: message.content, at: message.createdAt }
      : message.type === 'error'
        ? { kind: 'notice', id: `m${message.id}`, tone: 'error', text: message.content, at: message.createdAt }
        : { kind: 'assistant', id: `m${message.id}`, text: message.content, at: message.createdAt },
  );
  return { items, status: null, lastEventId: null };
}
