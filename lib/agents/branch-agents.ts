import { type Kysely, sql } from 'kysely';
import type { Agent, Database } from '@/lib/db/schema';
import { AppError } from '@/lib/errors';
import type { WorkspaceBranch } from '@/lib/workspace/collab-protocol';
import { ACTIVE_STATUSES } from './queries';

/**
 * Agents as participants of a branch: everyone who can read the branch sees the agents working on it,
 * whoever started them; people with write access may follow them up or stop them (the routes check that).
 */

/** How the workspace's agents panel shows an agent of the branch. */
export interface BranchAgentView {
  id: string;
  status: Agent['status'];
  /** Queued, running or waiting: it can be stopped. */
  active: boolean;
  taskRequest: string;
  /** Who started it: their name, and their user id. */
  startedBy: string;
  startedById: string;
  cancelRequested: boolean;
  createdAt: string;
}

/** A finished agent stays in the panel this long, so people can read what it did and follow it up. */
const RECENT_MINUTES = 30;

/** Agents queued, running or waiting on the branch, and those that finished lately, oldest first. */
export async function listBranchAgents(db: Kysely<Database>, { owner, repo, branch }: WorkspaceBranch): Promise<BranchAgentView[]> {
  const rows = await db
    .selectFrom('agents as a')
    .leftJoin('users as u', 'u.id', 'a.user_id')
    .select(['a.id', 'a.user_id', 'a.status', 'a.task_request', 'a.cancel_requested_at', 'a.created_at', 'u.login', 'u.name'])
    .where('a.repository_owner', '=', owner)
    .where('a.repository_name', '=', repo)
    .where('a.branch', '=', branch)
    .where('a.deleted_at', 'is', null)
    .where((eb) =>
      eb.or([eb('a.status', 'in', [...ACTIVE_STATUSES]), eb('a.updated_at', '>', sql<Date>`now() - make_interval(mins => ${RECENT_MINUTES})`)]),
    )
    .orderBy('a.created_at')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    status: row.status,
    active: ACTIVE_STATUSES.includes(row.status),
    taskRequest: row.task_request,
    startedBy: row.name?.trim() || row.login || 'someone',
    startedById: row.user_id,
    cancelRequested: row.cancel_requested_at !== null,
    createdAt: new Date(row.created_at).toISOString(),
  }));
}

/** Any live agent by id, whoever started it; its repository decides who may see or steer it. */
export async function getBranchAgent(db: Kysely<Database>, agentId: string): Promise<Agent> {
  const agent = await db.selectFrom('agents').selectAll().where('id', '=', agentId).where('deleted_at', 'is', null).executeTakeFirst();
  if (!agent?.repository_owner || !agent.repository_name || !agent.branch) throw new AppError('not_found', 'That agent does not exist.');
  return agent;
}
