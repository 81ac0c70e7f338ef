import { type Kysely, sql } from 'kysely';
import type { Agent, AgentStatus, Database } from '@/lib/db/schema';
import { env } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { githubIssueUrl } from '@/lib/github/web-urls';
import { workspacePath } from '@/lib/workspace/urls';
import { announceAgentStatus } from './branch-status';

/** An agent as the API and the pages show it (numbers as numbers, dates as ISO strings). */
export interface AgentView {
  id: string;
  status: AgentStatus;
  owner: string | null;
  repo: string | null;
  baseBranch: string | null;
  branch: string | null;
  taskRequest: string;
  model: string | null;
  costUsd: number | null;
  inputTokens: number;
  outputTokens: number;
  turns: number;
  durationMs: number;
  prNumber: number | null;
  prUrl: string | null;
  lastError: string | null;
  cancelRequested: boolean;
  createdAt: string;
  updatedAt: string;
  completedAt: string | null;
  deletedAt: string | null;
  workspaceUrl: string | null;
  /** The GitHub issue the agent works on. */
  issue: { number: number; title: string; url: string } | null;
  planFirst: boolean;
  /** The proposed plan while the agent waits for approval, then the approved one. */
  plan: string | null;
  planApproved: boolean;
  /** Several attempts of one task share a group; `attemptIndex` numbers them from 1. */
  attemptGroup: string | null;
  attemptIndex: number | null;
  /** Since when the agent has finished, failed or waited without its owner looking at it. */
  unseenSince: string | null;
}

export const ACTIVE_STATUSES: readonly AgentStatus[] = ['queued', 'running', 'waiting'];

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

export function toAgentView(agent: Agent): AgentView {
  const { repository_owner: owner, repository_name: repo, branch } = agent;
  return {
    id: agent.id,
    status: agent.status,
    owner,
    repo,
    baseBranch: agent.base_branch,
    branch,
    taskRequest: agent.task_request,
    model: agent.model,
    costUsd: agent.total_cost === null ? null : Number(agent.total_cost),
    inputTokens: Number(agent.input_tokens),
    outputTokens: Number(agent.output_tokens),
    turns: agent.turns,
    durationMs: Number(agent.duration_ms),
    prNumber: agent.pr_number,
    prUrl: agent.pr_url,
    lastError: agent.last_error,
    cancelRequested: agent.cancel_requested_at !== null,
    createdAt: iso(agent.created_at)!,
    updatedAt: iso(agent.updated_at)!,
    completedAt: iso(agent.completed_at),
    deletedAt: iso(agent.deleted_at),
    workspaceUrl: owner && repo && branch ? workspacePath(owner, repo, branch, 'code') : null,
    issue:
      owner && repo && agent.issue_number !== null
        ? { number: agent.issue_number, title: agent.issue_title ?? '', url: githubIssueUrl(env().GITHUB_URL, owner, repo, agent.issue_number) }
        : null,
    planFirst: agent.plan_first,
    plan: agent.plan,
    planApproved: agent.plan_approved_at !== null,
    attemptGroup: agent.attempt_group,
    attemptIndex: agent.attempt_index,
    unseenSince: iso(agent.unseen_since),
  };
}

export interface AgentListFilter {
  query?: string;
  status?: AgentStatus;
  /** The trash (soft-deleted agents) instead of the live list. */
  trash?: boolean;
  limit?: number;
}

export async function listAgents(db: Kysely<Database>, userId: string, filter: AgentListFilter = {}): Promise<Agent[]> {
  let query = db
    .selectFrom('agents')
    .selectAll()
    .where('user_id', '=', userId)
    .where('deleted_at', filter.trash ? 'is not' : 'is', null)
    .orderBy('updated_at', 'desc')
    .orderBy('id')
    .limit(filter.limit ?? 200);
  if (filter.status) query = query.where('status', '=', filter.status);
  const needle = filter.query?.trim();
  if (needle) {
    const pattern = `%${needle.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) =>
      eb.or([
        eb('task_request', 'ilike', pattern),
        eb('branch', 'ilike', pattern),
        eb(sql<string>`repository_owner || '/' || repository_name`, 'ilike', pattern),
      ]),
    );
  }
  return query.execute();
}

/** The user's agent, trashed or not; anyone else's is indistinguishable from a missing one. */
export async function getOwnAgent(db: Kysely<Database>, userId: string, agentId: string): Promise<Agent> {
  const agent = await db.selectFrom('agents').selectAll().where('id', '=', agentId).where('user_id', '=', userId).executeTakeFirst();
  if (!agent) throw new AppError('not_found', 'That agent does not exist, or it is not yours.');
  return agent;
}

export async function moveAgentToTrash(db: Kysely<Database>, agent: Agent): Promise<void> {
  if (ACTIVE_STATUSES.includes(agent.status)) {
    throw new AppError('conflict', 'Cancel the agent before moving it to the trash.');
  }
  await db.updateTable('agents').set({ deleted_at: sql`now()`, updated_at: sql`now()` }).where('id', '=', agent.id).execute();
}

export async function restoreAgent(db: Kysely<Database>, agent: Agent): Promise<void> {
  await db.updateTable('agents').set({ deleted_at: null, updated_at: sql`now()` }).where('id', '=', agent.id).execute();
}

/** Deletes forever, only from the trash, so one click cannot destroy a live agent. */
export async function deleteAgentForever(db: Kysely<Database>, agent: Agent): Promise<void> {
  if (agent.deleted_at === null) throw new AppError('conflict', 'Only agents in the trash can be deleted forever.');
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('agent_events').where('agent_id', '=', agent.id).execute();
    await trx.deleteFrom('agent_messages').where('agent_id', '=', agent.id).execute();
    await trx.deleteFrom('agents').where('id', '=', agent.id).execute();
  });
}

export interface AgentEventView {
  id: string;
  type: string;
  data: Record<string, unknown>;
  createdAt: string;
}

/**
 * Appends to the agent's log. A status change (and a request to stop) is also told on the agent's branch,
 * so everyone there sees it live.
 */
export async function appendAgentEvent(
  db: Kysely<Database>,
  agentId: string,
  type: string,
  data: Record<string, unknown> = {},
): Promise<AgentEventView> {
  const row = await db
    .insertInto('agent_events')
    .values({ agent_id: agentId, event_type: type, event_data: JSON.stringify({ type, ...data }) })
    .returningAll()
    .executeTakeFirstOrThrow();
  if (type === 'status') await announceAgentStatus(db, agentId, data.status as AgentStatus);
  else if (type === 'cancel_requested') await announceAgentStatus(db, agentId, 'stopping');
  return toEventView(row);
}

export function toEventView(row: { id: string; event_type: string; event_data: Record<string, unknown>; created_at: Date }): AgentEventView {
  return { id: row.id, type: row.event_type, data: row.event_data, createdAt: new Date(row.created_at).toISOString() };
}

/** Events after a sequence, ascending: the stream's catch-up and follow read. */
export async function agentEventsAfter(db: Kysely<Database>, agentId: string, afterSeq: bigint, limit: number) {
  return db
    .selectFrom('agent_events')
    .selectAll()
    .where('agent_id', '=', agentId)
    .where('id', '>', afterSeq.toString() as never)
    .orderBy('id')
    .limit(limit)
    .execute();
}

export interface AgentMessageView {
  id: string;
  type: string;
  content: string;
  createdAt: string;
}

export async function agentMessages(db: Kysely<Database>, agentId: string): Promise<AgentMessageView[]> {
  const rows = await db.selectFrom('agent_messages').selectAll().where('agent_id', '=', agentId).orderBy('id').execute();
  return rows.map((row) => ({ id: row.id, type: row.type, content: row.content, createdAt: new Date(row.created_at).toISOString() }));
}
