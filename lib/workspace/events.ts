import { type Kysely, sql } from 'kysely';
import type { Database, WorkspaceEvent } from '@/lib/db/schema';
import type { CollabUser, WorkspaceBranch, WorkspaceEventType, WorkspaceEventView } from './collab-protocol';

export type { WorkspaceEventType } from './collab-protocol';

/**
 * A branch's activity log: what editors did (the collaboration layer broadcasts every row).
 * `path` is the main file the event is about; `payload` carries the rest (all paths of a commit, sha…).
 */
export interface NewWorkspaceEvent {
  owner: string;
  repo: string;
  branch: string;
  userId: string;
  type: WorkspaceEventType;
  page?: string | null;
  path?: string | null;
  payload?: Record<string, unknown>;
}

/** Appends one event; the table's trigger orders ids per branch and notifies listeners. */
export async function appendWorkspaceEvent(db: Kysely<Database>, event: NewWorkspaceEvent): Promise<WorkspaceEvent> {
  return db
    .insertInto('workspace_events')
    .values({
      owner: event.owner,
      repo: event.repo,
      branch: event.branch,
      user_id: event.userId,
      event_type: event.type,
      page: event.page ?? null,
      path: event.path ?? null,
      payload: JSON.stringify(event.payload ?? {}),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The wire form of a stored event, with the author as the activity feed shows them. */
export function toEventView(row: WorkspaceEvent, user: CollabUser): WorkspaceEventView {
  return {
    id: String(row.id),
    branch: row.branch,
    type: row.event_type as WorkspaceEventType,
    page: row.page,
    path: row.path,
    payload: row.payload,
    createdAt: new Date(row.created_at).toISOString(),
    user,
  };
}

function branchEvents(db: Kysely<Database>, { owner, repo, branch }: WorkspaceBranch) {
  return db
    .selectFrom('workspace_events as e')
    .leftJoin('users as u', 'u.id', 'e.user_id')
    .selectAll('e')
    .select(['u.login', 'u.name', 'u.avatar_url'])
    .where('e.owner', '=', owner)
    .where('e.repo', '=', repo)
    .where('e.branch', '=', branch);
}

type JoinedRow = WorkspaceEvent & { login: string | null; name: string | null; avatar_url: string | null };

const viewOf = (row: JoinedRow) =>
  toEventView(row, { id: row.user_id, login: row.login ?? row.user_id, name: row.name, avatarUrl: row.avatar_url });

/**
 * Up to `limit` events of the branch after sequence `afterSeq`, oldest first. Per branch, ids become
 * visible in order (migration 0003), so "after the last one seen" never skips an event.
 */
export async function eventsAfter(
  db: Kysely<Database>,
  branch: WorkspaceBranch,
  afterSeq: bigint,
  limit: number,
): Promise<WorkspaceEventView[]> {
  const rows = await branchEvents(db, branch)
    .where(sql<boolean>`e.id > ${afterSeq.toString()}::bigint`)
    .orderBy('e.id')
    .limit(limit)
    .execute();
  return rows.map(viewOf);
}

/** The branch's latest `limit` events, oldest first. */
export async function recentEvents(db: Kysely<Database>, branch: WorkspaceBranch, limit: number): Promise<WorkspaceEventView[]> {
  const rows = await branchEvents(db, branch).orderBy('e.id', 'desc').limit(limit).execute();
  return rows.reverse().map(viewOf);
}

/** Sequence of the branch's latest event; 0 when it has none. */
export async function latestEventId(db: Kysely<Database>, { owner, repo, branch }: WorkspaceBranch): Promise<bigint> {
  const row = await db
    .selectFrom('workspace_events')
    .select(sql<string | null>`max(id)::text`.as('id'))
    .where('owner', '=', owner)
    .where('repo', '=', repo)
    .where('branch', '=', branch)
    .executeTakeFirst();
  return BigInt(row?.id ?? 0);
}
