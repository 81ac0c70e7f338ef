import { type Kysely, sql } from 'kysely';
import type { AgentStatus, Database } from '@/lib/db/schema';
import {
  branchKey,
  PRESENCE_OFFLINE_AFTER_MS,
  type ParticipantInfo,
  type PendingChange,
  type PresenceEntry,
  type WorkspaceBranch,
} from './collab-protocol';
import { appendWorkspaceEvent } from './events';
import type { WorkspacePage } from './urls';

/**
 * Agents and Live Chat turns as participants of a branch: one `branch_participants` row per running
 * turn, kept apart from people's presence (whose writes are batched per process) and merged into the
 * presence list where it is read and broadcast. The row's trigger notifies `branch_participants`.
 */

export interface NewParticipant extends WorkspaceBranch {
  id: string;
  kind: ParticipantInfo['kind'];
  /** Whose agent or Live Chat it is. */
  userId: string;
  agentId: string | null;
  label: string;
  page: WorkspacePage;
}

export interface ParticipantPosition {
  path?: string | null;
  activity?: string | null;
  pending?: PendingChange | null;
}

export const agentParticipantId = (agentId: string) => `agent:${agentId}`;
/** A participant's id, as opposed to a person's (a user id never has this form). */
export const isParticipantId = (id: string) => id.startsWith('agent:') || id.startsWith('live-chat:');
/** One Live Chat turn runs at a time per person and branch; a person may have turns on several branches at once. */
export const liveChatParticipantId = (userId: string, branch: WorkspaceBranch) => `live-chat:${userId}:${branchKey(branch)}`;

const TITLE_CHARS = 40;

/** "Agent 'Fix login'": the task's first line without scenario markers, cut to a title's length. */
export function agentLabel(taskRequest: string): string {
  const line = (taskRequest.split('\n')[0] ?? '').replace(/\[scenario:[^\]]*\]/g, '').replace(/\s+/g, ' ').trim();
  const title = line.length > TITLE_CHARS ? `${line.slice(0, TITLE_CHARS - 1).trimEnd()}…` : line;
  return `Agent '${title || 'untitled'}'`;
}

/** "Ana's Live Chat". */
export function liveChatLabel(user: { name: string | null; login: string }): string {
  return `${user.name?.trim() || user.login}'s Live Chat`;
}

/** The turn joins the branch (a rerun of the same turn takes its row over). */
export async function joinBranch(db: Kysely<Database>, participant: NewParticipant): Promise<void> {
  const row = {
    id: participant.id,
    kind: participant.kind,
    owner: participant.owner,
    repo: participant.repo,
    branch: participant.branch,
    user_id: participant.userId,
    agent_id: participant.agentId,
    label: participant.label,
    page: participant.page,
    path: null,
    activity: null,
    pending: null,
  };
  await db
    .insertInto('branch_participants')
    .values({ ...row, started_at: sql`now()`, heartbeat_at: sql`now()` })
    .onConflict((conflict) => conflict.column('id').doUpdateSet({ ...row, started_at: sql`now()`, heartbeat_at: sql`now()` }))
    .execute();
}

/** Where the turn is now; fields left out keep their value. Also its heartbeat. */
export async function moveParticipant(db: Kysely<Database>, id: string, position: ParticipantPosition): Promise<void> {
  await db
    .updateTable('branch_participants')
    .set({
      heartbeat_at: sql`now()`,
      ...(position.path !== undefined ? { path: position.path } : {}),
      ...(position.activity !== undefined ? { activity: position.activity } : {}),
      ...(position.pending !== undefined ? { pending: position.pending ? JSON.stringify(position.pending) : null } : {}),
    })
    .where('id', '=', id)
    .execute();
}

/** The turn ended: it leaves the branch's presence. */
export async function leaveBranch(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom('branch_participants').where('id', '=', id).execute();
}

function branchParticipants(db: Kysely<Database>, { owner, repo, branch }: WorkspaceBranch) {
  return db
    .selectFrom('branch_participants as p')
    .leftJoin('users as u', 'u.id', 'p.user_id')
    .select(['p.id', 'p.kind', 'p.user_id', 'p.agent_id', 'p.label', 'p.page', 'p.path', 'p.activity', 'p.pending', 'p.heartbeat_at', 'p.started_at'])
    .select(['u.avatar_url'])
    .select(sql<number>`(extract(epoch from (now() - p.heartbeat_at)) * 1000)::float8`.as('age_ms'))
    .where('p.owner', '=', owner)
    .where('p.repo', '=', repo)
    .where('p.branch', '=', branch);
}

type ParticipantRow = Awaited<ReturnType<ReturnType<typeof branchParticipants>['executeTakeFirstOrThrow']>>;

function toEntry(row: ParticipantRow): PresenceEntry {
  const ageMs = Math.max(0, Math.round(row.age_ms));
  return {
    user: { id: row.id, login: row.label, name: row.label, avatarUrl: row.avatar_url },
    participant: {
      kind: row.kind,
      label: row.label,
      ownerId: row.user_id,
      agentId: row.agent_id,
      activity: row.activity,
      path: row.path,
      pending: row.pending as PendingChange | null,
    },
    page: row.page as WorkspacePage,
    cursor: null,
    selection: null,
    heartbeatAt: new Date(row.heartbeat_at).toISOString(),
    ageMs,
    // A turn is always at work while it runs.
    idleMs: 0,
    online: ageMs < PRESENCE_OFFLINE_AFTER_MS,
  };
}

/** The turns working on the branch; a turn whose process died stops being listed once its heartbeat is stale. */
export async function listParticipants(db: Kysely<Database>, branch: WorkspaceBranch): Promise<PresenceEntry[]> {
  const rows = await branchParticipants(db, branch)
    .where(sql<boolean>`p.heartbeat_at > now() - make_interval(secs => ${PRESENCE_OFFLINE_AFTER_MS / 1000})`)
    .orderBy('p.started_at')
    .execute();
  return rows.map(toEntry);
}

/** The entries of `ids` on the branch (one read); an id without a row is not in the result. */
export async function participantEntries(db: Kysely<Database>, branch: WorkspaceBranch, ids: readonly string[]): Promise<PresenceEntry[]> {
  if (ids.length === 0) return [];
  const rows = await branchParticipants(db, branch).where('p.id', 'in', ids).execute();
  return rows.map(toEntry);
}

/** An agent's status as its steps tell it; `stopping` is a running agent asked to stop. */
export type AgentStepStatus = AgentStatus | 'stopping';

export interface ParticipantStep {
  participantId: string;
  kind: ParticipantInfo['kind'];
  label: string;
  agentId: string | null;
  /** Steps of one turn share it, so the feed can fold them together. */
  turn: string;
  /** "is editing src/login.ts", "ran `npm test`: passed". */
  text: string;
  /** Set when the step tells the agent's new status ("finished"). */
  status?: AgentStepStatus;
}

/** One step of the turn in the branch's activity feed. */
export async function appendParticipantStep(
  db: Kysely<Database>,
  branch: WorkspaceBranch,
  userId: string,
  step: ParticipantStep & { page: WorkspacePage; path: string | null },
): Promise<void> {
  const { page, path, ...payload } = step;
  await appendWorkspaceEvent(db, { ...branch, userId, type: 'participant_step', page, path, payload: { ...payload } });
}
