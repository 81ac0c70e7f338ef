import type { CommittedChange, CommittedFile } from '@/lib/github/commits';
import { displayName, type WorkspaceEventView } from './collab-protocol';

/**
 * How the activity feed words an event, and which files it touched. Editors put the main file in
 * `path` and, for several files, all of them in `payload.paths`; a rename has `payload.from`. A commit
 * (`commitToBranch`) is one event whose `payload.files` says what happened to each file.
 */

const stringsOf = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];

const changeKinds: readonly CommittedChange[] = ['edit', 'create', 'rename', 'delete'];

const isCommittedFile = (value: unknown): value is CommittedFile => {
  const file = value as Partial<Record<keyof CommittedFile, unknown>> | null;
  return typeof file?.path === 'string' && changeKinds.includes(file.change as CommittedChange) && (file.from === undefined || typeof file.from === 'string');
};

export interface CommitActivity {
  sha: string;
  message: string;
  files: CommittedFile[];
  /** Who made the commit besides its author: their agent, or Live Chat. */
  via: 'agent' | 'live-chat' | null;
}

/** The commit an event announces, with each file's change; null for other events (and for older per-file commit events). */
export function commitOf(event: WorkspaceEventView): CommitActivity | null {
  if (event.type !== 'commit' && event.type !== 'chat_commit') return null;
  const { sha, message, files } = event.payload;
  if (!Array.isArray(files) || !files.every(isCommittedFile) || typeof sha !== 'string' || typeof message !== 'string') return null;
  return { sha, message, files, via: event.type === 'chat_commit' ? 'live-chat' : event.page === 'agent' ? 'agent' : null };
}

const pastTense: Record<CommittedChange, string> = { edit: 'edited', create: 'created', rename: 'renamed', delete: 'deleted' };

/** "2 edited · 1 created · 1 renamed · 1 deleted": true counts per kind, kinds without files left out. */
export function changeCounts(files: readonly CommittedFile[]): string {
  return changeKinds
    .map((kind) => [kind, files.filter((file) => file.change === kind).length] as const)
    .filter(([, count]) => count > 0)
    .map(([kind, count]) => `${count} ${pastTense[kind]}`)
    .join(' · ');
}

/** "edited src/main.ts", "renamed a.css to b.css". */
export function describeFileChange(file: CommittedFile): string {
  return file.change === 'rename' && file.from ? `renamed ${file.from} to ${file.path}` : `${pastTense[file.change]} ${file.path}`;
}

export interface ParticipantStepActivity {
  participantId: string;
  kind: 'agent' | 'live-chat';
  label: string;
  agentId: string | null;
  turn: string;
  text: string;
  /** The agent's new status, when the step tells one ("finished"). */
  status: string | null;
}

/** The step of an agent or a Live Chat turn an event logs; null for other events. */
export function participantStepOf(event: WorkspaceEventView): ParticipantStepActivity | null {
  if (event.type !== 'participant_step') return null;
  const { participantId, kind, label, agentId, turn, text, status } = event.payload;
  if (typeof participantId !== 'string' || typeof label !== 'string' || typeof turn !== 'string' || typeof text !== 'string') return null;
  if (kind !== 'agent' && kind !== 'live-chat') return null;
  return { participantId, kind, label, agentId: typeof agentId === 'string' ? agentId : null, turn, text, status: typeof status === 'string' ? status : null };
}

/** Every file the event is about, without repeats (a new branch, a note or a step in progress changes none). */
export function changedPaths(event: WorkspaceEventView): string[] {
  if (event.type === 'branch_created' || event.type === 'note' || event.type === 'participant_step') return [];
  const from = typeof event.payload.from === 'string' ? [event.payload.from] : [];
  const committed = (commitOf(event)?.files ?? []).flatMap((file) => (file.from ? [file.path, file.from] : [file.path]));
  const paths = [...(event.path ? [event.path] : []), ...stringsOf(event.payload.paths), ...from, ...committed];
  return [...new Set(paths)];
}

/** Whether the event changed the file at `path`. */
export function changesFile(event: WorkspaceEventView, path: string): boolean {
  return changedPaths(event).includes(path);
}

const baseName = (path: string) => path.slice(path.lastIndexOf('/') + 1);

function fileCount(event: WorkspaceEventView): number {
  const declared = event.payload.fileCount;
  if (typeof declared === 'number' && Number.isInteger(declared) && declared >= 0) return declared;
  return changedPaths(event).length;
}

/** "3 files" for several, the path for one, `fallback` for none. */
function files(event: WorkspaceEventView, fallback: string): string {
  const count = fileCount(event);
  if (count > 1) return `${count} files`;
  return changedPaths(event)[0] ?? (count === 1 ? '1 file' : fallback);
}

/** "Alice committed 5 files", "Alice's agent edited README.md", "Bob edited README.md with Live Chat". */
function describeCommit(event: WorkspaceEventView, commit: CommitActivity): string {
  const who = commit.via === 'agent' ? `${displayName(event.user)}'s agent` : displayName(event.user);
  const [only] = commit.files;
  const what = commit.files.length === 1 && only ? describeFileChange(only) : `committed ${commit.files.length} files`;
  return `${who} ${what}${commit.via === 'live-chat' ? ' with Live Chat' : ''}`;
}

export function describeActivity(event: WorkspaceEventView): string {
  const commit = commitOf(event);
  if (commit) return describeCommit(event, commit);
  const who = displayName(event.user);
  const path = event.path ?? changedPaths(event)[0] ?? '';
  switch (event.type) {
    case 'commit':
      return `${who} committed ${files(event, 'changes')}`;
    case 'chat_commit':
      return `${who} committed ${files(event, 'changes')} from Live Chat`;
    case 'file_edit':
      return `${who} edited ${files(event, 'a file')}`;
    case 'file_create':
      return `${who} created ${files(event, 'a file')}`;
    case 'file_delete':
      return `${who} deleted ${files(event, 'a file')}`;
    case 'file_rename':
      return typeof event.payload.from === 'string' && event.path
        ? `${who} renamed ${event.payload.from} to ${event.path}`
        : `${who} renamed ${path || 'a file'}`;
    case 'image_upload':
      return `${who} uploaded ${path ? baseName(path) : 'an image'}`;
    case 'image_edit':
      return `${who} edited image ${path ? baseName(path) : ''}`.trimEnd();
    case 'sound_edit':
      return `${who} edited sound ${path ? baseName(path) : ''}`.trimEnd();
    case 'scene_update':
      return `${who} updated scene ${path ? baseName(path) : ''}`.trimEnd();
    case 'note': {
      const text = typeof event.payload.text === 'string' ? event.payload.text : '';
      return event.path ? `${who} on ${event.path}: ${text}` : `${who}: ${text}`;
    }
    case 'participant_step': {
      const step = participantStepOf(event);
      return step ? `${step.label} ${step.text}` : `${who}'s assistant is at work`;
    }
    case 'branch_created': {
      const base = typeof event.payload.baseBranch === 'string' ? ` from ${event.payload.baseBranch}` : '';
      return `${who} created branch ${event.branch}${base}`;
    }
  }
}

/** "just now", "5 min ago", "3 h ago", "2 d ago", then the date. */
export function relativeTime(iso: string, now: number): string {
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (seconds < 45) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.round(hours / 24);
  if (days < 7) return `${days} d ago`;
  return new Date(iso).toLocaleDateString('en', { month: 'short', day: 'numeric', year: 'numeric' });
}

/** Distinct, readable-on-white colours for people (cursor, selection, avatar ring). */
const PALETTE = ['#d7263d', '#2e86ab', '#5b8c3a', '#8e44ad', '#e67e22', '#16a085', '#c0392b', '#2c3e50', '#b8860b', '#6a5acd'];

export function userColor(userId: string): string {
  let hash = 0;
  for (const char of userId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return PALETTE[hash % PALETTE.length]!;
}
