import type { Kysely } from 'kysely';
import type { Database, WorkspaceEvent } from '@/lib/db/schema';

/**
 * What editors log to a branch's activity log (the collaboration layer broadcasts every row).
 * `path` is the main file the event is about; `payload` carries the rest (all paths of a commit, sha…).
 */
export type WorkspaceEventType =
  | 'file_edit'
  | 'file_create'
  | 'file_delete'
  | 'file_rename'
  | 'commit'
  | 'image_upload'
  | 'image_edit'
  | 'sound_edit'
  | 'scene_update'
  | 'chat_commit'
  | 'branch_created';

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
