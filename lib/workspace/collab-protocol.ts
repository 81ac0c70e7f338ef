import { z } from 'zod';
import { branchName } from '@/lib/github/branch-names';
import { repoRef } from '@/lib/github/names';
import { workspacePages, type WorkspacePage } from './urls';
import { repoPath } from '@/lib/github/paths';

/**
 * What travels between the collaboration API and the browser: presence (who is on a branch, on
 * which page, where their cursor is) and the branch's activity log. Shared by route handlers and
 * client code, so nothing here touches the server.
 */

/** Someone is offline once their last heartbeat is older than this (DESIGN.md). */
export const PRESENCE_OFFLINE_AFTER_MS = 30_000;

/** Someone online who has not changed page, cursor or selection for this long is shown as idle. */
export const PRESENCE_IDLE_AFTER_MS = 2 * 60_000;

/** Named SSE events of `GET /api/workspace/events/stream`. */
export const STREAM_EVENT = { workspaceEvent: 'workspace-event', presence: 'presence' } as const;

/** One branch of one repository: the scope of presence and of an activity log. */
export const workspaceBranch = repoRef.extend({ branch: branchName });
export type WorkspaceBranch = z.infer<typeof workspaceBranch>;

/** NOTIFY routing key of a branch, as the triggers of migration 0003 build it. */
export function branchKey({ owner, repo, branch }: WorkspaceBranch): string {
  return `${owner}/${repo}/${branch}`;
}

export const workspacePage = z.enum(workspacePages);

/** A file of the repository, by the same rules as every editor (no `..`, absolute paths, `.git`). */
export const filePath = repoPath;

/** A place in a text file: `line` counts from 1 (CodeMirror 6's `Line.number`), `ch` from 0 within the line. */
export const textPosition = z.object({
  line: z.number().int().min(1).max(10_000_000),
  ch: z.number().int().min(0).max(10_000_000),
});
export type TextPosition = z.infer<typeof textPosition>;

/** Where someone's caret is: the file and the position in it. */
export const presenceCursor = textPosition.extend({ path: filePath });
export type PresenceCursor = z.infer<typeof presenceCursor>;

/** A non-empty selection in the cursor's file; `head` is where the caret is. */
export const presenceSelection = z.object({ anchor: textPosition, head: textPosition });
export type PresenceSelection = z.infer<typeof presenceSelection>;

/**
 * Events that claim a change to the branch. Only the server writes them, from its own paths: a
 * commit (`commitToBranch`), a Live Chat turn, a new branch; a client can never post one.
 */
export const changeEventTypes = [
  'file_edit',
  'file_create',
  'file_delete',
  'file_rename',
  'commit',
  'image_upload',
  'image_edit',
  'sound_edit',
  'scene_update',
  'chat_commit',
  'branch_created',
] as const;

/** What anyone who can read the branch may say on it, through `POST /api/workspace/events`: a note. */
export const readerEventTypes = ['note'] as const;

/** A step of an agent or a Live Chat turn working on the branch ("is editing src/login.ts"), written by the server. */
export const participantEventTypes = ['participant_step'] as const;

export const workspaceEventTypes = [...changeEventTypes, ...readerEventTypes, ...participantEventTypes] as const;
export type WorkspaceEventType = (typeof workspaceEventTypes)[number];

/** A note's text, as the activity feed shows it. */
export const noteText = z.string().trim().min(1, 'Write a note.').max(1_000);

export interface CollabUser {
  id: string;
  login: string;
  name: string | null;
  avatarUrl: string | null;
}

/** A change an agent or Live Chat has made to a file but not committed yet: the file before and after (each cut at a size). */
export interface PendingChange {
  path: string;
  before: string | null;
  after: string | null;
  /** Either side was too long to send whole. */
  truncated: boolean;
  /** Either side is a binary file (an image, a sound): its content is not sent, only that it changes. */
  binary: boolean;
}

/**
 * Who a presence entry is when it is not a person: a running agent or a Live Chat turn. Its `user.id`
 * is the participant's id (`agent:<id>`, `live-chat:<user id>:<branch key>`), so it never collides with a person's.
 */
export interface ParticipantInfo {
  kind: 'agent' | 'live-chat';
  /** "Agent 'Fix login'", "Ana's Live Chat". */
  label: string;
  /** Whose agent or Live Chat it is. */
  ownerId: string;
  agentId: string | null;
  /** What it is doing now, e.g. "editing src/login.ts". */
  activity: string | null;
  /** The file it is reading or editing. */
  path: string | null;
  pending: PendingChange | null;
}

export interface PresenceEntry {
  user: CollabUser;
  /** Set for agents and Live Chat turns; absent for people. */
  participant?: ParticipantInfo;
  page: WorkspacePage;
  cursor: PresenceCursor | null;
  selection: PresenceSelection | null;
  /** Server time of the last heartbeat, ISO 8601: orders updates of one user. */
  heartbeatAt: string;
  /** How long ago that heartbeat was when the server answered, so clients need no synchronised clock. */
  ageMs: number;
  /** How long ago they last changed page, cursor or selection, measured the same way. */
  idleMs: number;
  online: boolean;
}

/** A presence row that no longer exists. */
export interface PresenceGone {
  userId: string;
  gone: true;
}

export type PresenceMessage = PresenceEntry | PresenceGone;

export interface WorkspaceEventView {
  /** The event's sequence: the SSE id, ordered per branch. */
  id: string;
  branch: string;
  type: WorkspaceEventType;
  page: string | null;
  path: string | null;
  payload: Record<string, unknown>;
  createdAt: string;
  user: CollabUser;
}

export interface EventsPage {
  events: WorkspaceEventView[];
  /** The position to resume from (stream `lastEventId`, next poll's `after`). */
  lastId: string;
}

export function displayName(user: Pick<CollabUser, 'name' | 'login'>): string {
  return user.name?.trim() || user.login;
}
