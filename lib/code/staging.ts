import { isWithin, parentFolder } from '@/lib/github/paths';
import type { TreeEntry } from '@/lib/github/tree';

/**
 * Changes staged in the browser until the user commits, keyed by the path they produce. Each change
 * remembers the blob it was made from, so diffs and "is this still the original?" checks never
 * depend on which tree is on screen, and a commit names the head it was made on (`baseSha`).
 */
export type StagedChange =
  | { kind: 'create'; content: string }
  | { kind: 'edit'; content: string; baseSha: string }
  | { kind: 'delete'; baseSha: string }
  | { kind: 'rename'; from: string; fromSha: string; content?: string };

export interface StagedState {
  /** The branch head the changes were made on. */
  baseSha: string;
  changes: Record<string, StagedChange>;
  /** Folders created here that hold no file yet (git stores no empty folders, so they are not committed). */
  folders: string[];
}

/** The changes as the commit action takes them. */
export type ChangeInput =
  | { kind: 'write'; path: string; content: string }
  | { kind: 'delete'; path: string }
  | { kind: 'rename'; from: string; path: string; content?: string };

export type FileStatus = 'added' | 'modified' | 'renamed';

/** A file as the user sees it: the branch's tree with the staged changes applied. */
export interface WorkingFile {
  path: string;
  /** The blob holding the file's original bytes (null for files created here). */
  sha: string | null;
  status: FileStatus | null;
  /** `commit` for submodules, which cannot be opened. */
  type: 'blob' | 'commit';
  size?: number;
}

export class StagingError extends Error {}

export function emptyStaging(baseSha: string): StagedState {
  return { baseSha, changes: {}, folders: [] };
}

export function hasChanges(state: StagedState): boolean {
  return Object.keys(state.changes).length > 0;
}

export function workingFiles(entries: readonly TreeEntry[], state: StagedState): Map<string, WorkingFile> {
  const files = new Map<string, WorkingFile>();
  for (const entry of entries) {
    if (entry.type === 'tree') continue;
    files.set(entry.path, { path: entry.path, sha: entry.sha, status: null, type: entry.type, size: entry.size });
  }
  for (const [path, change] of Object.entries(state.changes)) {
    if (change.kind === 'delete') files.delete(path);
    else if (change.kind === 'rename') {
      files.delete(change.from);
      files.set(path, { path, sha: change.fromSha, status: 'renamed', type: 'blob' });
    } else if (change.kind === 'edit') {
      files.set(path, { path, sha: change.baseSha, status: 'modified', type: 'blob' });
    } else {
      files.set(path, { path, sha: null, status: 'added', type: 'blob' });
    }
  }
  return files;
}

/** Every folder that holds a file, plus the empty folders created here. */
export function workingFolders(files: ReadonlyMap<string, WorkingFile>, state: StagedState): Set<string> {
  const folders = new Set<string>();
  const addAncestors = (path: string, includeSelf: boolean) => {
    const parts = path.split('/');
    for (let i = includeSelf ? parts.length : parts.length - 1; i > 0; i--) {
      const folder = parts.slice(0, i).join('/');
      if (folders.has(folder)) break;
      folders.add(folder);
    }
  };
  for (const path of files.keys()) addAncestors(path, false);
  for (const folder of state.folders) addAncestors(folder, true);
  return folders;
}

/** The text the file had before it was staged, looked up by blob (null = no original: a new file). */
export function originalSha(state: StagedState, file: WorkingFile): string | null {
  const change = state.changes[file.path];
  if (change?.kind === 'create') return null;
  return file.sha;
}

function withChange(state: StagedState, path: string, change: StagedChange | null): StagedState {
  const changes = { ...state.changes };
  if (change) changes[path] = change;
  else delete changes[path];
  return { ...state, changes };
}

/**
 * Records the editor's text for `path`. `original` is the text of the file's original blob; editing
 * a file back to it unstages the edit.
 */
export function stageText(state: StagedState, file: WorkingFile, text: string, original: string | null): StagedState {
  const change = state.changes[file.path];
  if (change?.kind === 'create') return withChange(state, file.path, { kind: 'create', content: text });
  if (change?.kind === 'rename') {
    const rename: StagedChange = { kind: 'rename', from: change.from, fromSha: change.fromSha };
    return withChange(state, file.path, text === original ? rename : { ...rename, content: text });
  }
  if (!file.sha) throw new StagingError(`"${file.path}" has no original to compare with.`);
  if (text === original) return withChange(state, file.path, null);
  return withChange(state, file.path, { kind: 'edit', content: text, baseSha: file.sha });
}

function checkFree(files: ReadonlyMap<string, WorkingFile>, folders: ReadonlySet<string>, path: string): void {
  if (files.has(path) || folders.has(path)) throw new StagingError(`"${path}" already exists.`);
  const parts = path.split('/');
  for (let i = 1; i < parts.length; i++) {
    const above = parts.slice(0, i).join('/');
    if (files.has(above)) throw new StagingError(`"${above}" is a file, so it cannot contain "${parts.slice(i).join('/')}".`);
  }
}

export function createFile(
  state: StagedState,
  files: ReadonlyMap<string, WorkingFile>,
  folders: ReadonlySet<string>,
  path: string,
  content = '',
): StagedState {
  checkFree(files, folders, path);
  const previous = state.changes[path];
  // Re-creating a file deleted in this change set is an edit of the original.
  if (previous?.kind === 'delete') return withChange(state, path, { kind: 'edit', content, baseSha: previous.baseSha });
  return withChange(state, path, { kind: 'create', content });
}

export function createFolder(
  state: StagedState,
  files: ReadonlyMap<string, WorkingFile>,
  folders: ReadonlySet<string>,
  path: string,
): StagedState {
  checkFree(files, folders, path);
  return { ...state, folders: [...state.folders, path] };
}

function deleteFile(state: StagedState, file: WorkingFile): StagedState {
  const change = state.changes[file.path];
  if (change?.kind === 'create') return withChange(state, file.path, null);
  if (change?.kind === 'rename') {
    return withChange(withChange(state, file.path, null), change.from, { kind: 'delete', baseSha: change.fromSha });
  }
  if (!file.sha) throw new StagingError(`"${file.path}" cannot be deleted.`);
  return withChange(state, file.path, { kind: 'delete', baseSha: file.sha });
}

/** Deletes a file, or a folder with everything in it. */
export function deletePath(state: StagedState, files: ReadonlyMap<string, WorkingFile>, path: string): StagedState {
  const file = files.get(path);
  let next = state;
  if (file) next = deleteFile(next, file);
  else {
    for (const inside of files.values()) if (isWithin(inside.path, path)) next = deleteFile(next, inside);
  }
  return { ...next, folders: next.folders.filter((folder) => !isWithin(folder, path)) };
}

function renameFile(state: StagedState, file: WorkingFile, to: string): StagedState {
  if (state.changes[to]?.kind === 'delete') {
    throw new StagingError(`"${to}" is staged for deletion; commit or restore it before reusing its name.`);
  }
  const change = state.changes[file.path];
  const without = withChange(state, file.path, null);
  if (change?.kind === 'create') return withChange(without, to, change);
  if (change?.kind === 'rename') {
    if (to === change.from) {
      return withChange(without, to, change.content === undefined ? null : { kind: 'edit', content: change.content, baseSha: change.fromSha });
    }
    return withChange(without, to, change);
  }
  if (change?.kind === 'edit') return withChange(without, to, { kind: 'rename', from: file.path, fromSha: change.baseSha, content: change.content });
  if (!file.sha || file.type !== 'blob') throw new StagingError(`"${file.path}" cannot be renamed.`);
  return withChange(without, to, { kind: 'rename', from: file.path, fromSha: file.sha });
}

/**
 * Where renaming `from` to what was typed goes: a bare name stays in `from`'s folder ("styles.css" for
 * `src/style.css` → `src/styles.css`); a path (with "/") is taken from the repository root, and a leading
 * "/" moves it to the root itself ("/styles.css").
 */
export function renameTarget(from: string, typed: string): string {
  const input = typed.trim();
  if (!input) return '';
  if (input.startsWith('/')) return input.replace(/^\/+/, '');
  if (input.includes('/')) return input;
  const folder = parentFolder(from);
  return folder ? `${folder}/${input}` : input;
}

/** Renames (moves) a file, or a folder with everything in it. Returns the state and where each moved file went. */
export function renamePath(
  state: StagedState,
  files: ReadonlyMap<string, WorkingFile>,
  folders: ReadonlySet<string>,
  from: string,
  to: string,
): { state: StagedState; moved: Map<string, string> } {
  if (to === from) return { state, moved: new Map() };
  if (isWithin(to, from)) throw new StagingError(`"${from}" cannot be moved inside itself.`);
  checkFree(files, folders, to);
  const moved = new Map<string, string>();
  let next = state;
  const file = files.get(from);
  if (file) {
    next = renameFile(next, file, to);
    moved.set(from, to);
  } else {
    if (!folders.has(from)) throw new StagingError(`"${from}" does not exist.`);
    for (const inside of files.values()) {
      if (!isWithin(inside.path, from)) continue;
      const target = to + inside.path.slice(from.length);
      next = renameFile(next, inside, target);
      moved.set(inside.path, target);
    }
    next = { ...next, folders: next.folders.map((folder) => (isWithin(folder, from) ? to + folder.slice(from.length) : folder)) };
  }
  return { state: next, moved };
}

/** Drops the staged change of `path` (a renamed file goes back to its old name). */
export function discardChange(state: StagedState, path: string): StagedState {
  return withChange(state, path, null);
}

export function toChangeInputs(state: StagedState): ChangeInput[] {
  return Object.entries(state.changes).map(([path, change]): ChangeInput => {
    if (change.kind === 'delete') return { kind: 'delete', path };
    if (change.kind === 'rename') {
      return change.content === undefined ? { kind: 'rename', from: change.from, path } : { kind: 'rename', from: change.from, path, content: change.content };
    }
    return { kind: 'write', path, content: change.content };
  });
}

/** Staged paths, sorted, with what happened to each (for the changes panel). */
export function changeList(state: StagedState): Array<{ path: string; change: StagedChange }> {
  return Object.entries(state.changes)
    .map(([path, change]) => ({ path, change }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
