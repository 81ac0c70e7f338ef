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

/** The event types of a branch's activity log. */
export const workspaceEventTypes = [
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
export type WorkspaceEventType = (typeof workspaceEventTypes)[number];

/**
 * Types only the server writes: a branch's creation, and commits (`commitToBranch`), whose feed entries
 * name a sha and a message that must be true.
 */
const serverEventTypes = ['branch_created', 'commit', 'chat_commit'] as const;
type ServerEventType = (typeof serverEventTypes)[number];

/** Types a client may post through `POST /api/workspace/events`. */
export const clientEventTypes = workspaceEventTypes.filter(
  (type): type is Exclude<WorkspaceEventType, ServerEventType> => !(serverEventTypes as readonly string[]).includes(type),
);

export interface CollabUser {
  id: string;
  login: string;
  name: string | null;
  avatarUrl: string | null;
}

export interface PresenceEntry {
  user: CollabUser;
  page: WorkspacePage;
  cursor: PresenceCursor | null;
  selection: PresenceSelection | null;
  /** Server time of the last heartbeat, ISO 8601: orders updates of one user. */
  heartbeatAt: string;
  /** How long ago that heartbeat was when the server answered, so clients need no synchronised clock. */
  ageMs: number;
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
