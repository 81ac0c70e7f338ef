import { baseName, parentFolder } from '@/lib/github/paths';

/**
 * The file tree as rows for a virtualized list: built once per change of the file set (O(n log n)),
 * then flattened to the rows of the expanded folders. Folders come first, then files, by name.
 */
export interface FolderIndex {
  /** Children of each folder ('' = the root): folders first, then files, each sorted by name. */
  children: Map<string, { folders: string[]; files: string[] }>;
}

export interface TreeRow {
  path: string;
  name: string;
  depth: number;
  kind: 'folder' | 'file';
  expanded?: boolean;
  /** Position among its siblings, 1-based, and their number (for aria-posinset/aria-setsize). */
  position: number;
  siblings: number;
}

const byName = (a: string, b: string) => {
  const left = baseName(a).toLowerCase();
  const right = baseName(b).toLowerCase();
  return left < right ? -1 : left > right ? 1 : a < b ? -1 : a > b ? 1 : 0;
};

export function indexFolders(files: Iterable<string>, folders: Iterable<string>): FolderIndex {
  const children = new Map<string, { folders: string[]; files: string[] }>();
  const slot = (folder: string) => {
    let entry = children.get(folder);
    if (!entry) {
      entry = { folders: [], files: [] };
      children.set(folder, entry);
    }
    return entry;
  };
  slot('');
  for (const folder of folders) {
    slot(parentFolder(folder)).folders.push(folder);
    slot(folder);
  }
  for (const file of files) slot(parentFolder(file)).files.push(file);
  for (const entry of children.values()) {
    entry.folders.sort(byName);
    entry.files.sort(byName);
  }
  return { children };
}

/** The rows on screen: the root's children, and the children of every expanded folder. */
export function visibleRows(index: FolderIndex, expanded: ReadonlySet<string>): TreeRow[] {
  const rows: TreeRow[] = [];
  const walk = (folder: string, depth: number) => {
    const entry = index.children.get(folder);
    if (!entry) return;
    const siblings = entry.folders.length + entry.files.length;
    let position = 0;
    for (const child of entry.folders) {
      const open = expanded.has(child);
      rows.push({ path: child, name: baseName(child), depth, kind: 'folder', expanded: open, position: ++position, siblings });
      if (open) walk(child, depth + 1);
    }
    for (const child of entry.files) {
      rows.push({ path: child, name: baseName(child), depth, kind: 'file', position: ++position, siblings });
    }
  };
  walk('', 0);
  return rows;
}

/** Every folder above `path`, so that revealing a file opens its way down. */
export function ancestorsOf(path: string): string[] {
  const folders: string[] = [];
  for (let folder = parentFolder(path); folder; folder = parentFolder(folder)) folders.push(folder);
  return folders;
}

/**
 * Files whose path contains every word of the query (case-insensitive), best first: name matches
 * before folder matches, then shorter paths.
 */
export function searchFiles(files: Iterable<string>, query: string, limit = 500): string[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [];
  const scored: Array<{ path: string; score: number }> = [];
  for (const path of files) {
    const lower = path.toLowerCase();
    if (!words.every((word) => lower.includes(word))) continue;
    const name = baseName(lower);
    const score = words.reduce((total, word) => total + (name.startsWith(word) ? 0 : name.includes(word) ? 1 : 2), 0);
    scored.push({ path, score });
  }
  scored.sort((a, b) => a.score - b.score || a.path.length - b.path.length || (a.path < b.path ? -1 : 1));
  return scored.slice(0, limit).map((entry) => entry.path);
}
