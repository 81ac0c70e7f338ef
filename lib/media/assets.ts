import { extensionOf } from '@/lib/code/file-kinds';
import { baseName, parentFolder } from '@/lib/github/paths';
import type { TreeEntry } from '@/lib/github/tree';

/** A media file of the branch (an image or a sound), as the galleries list it. */
export interface AssetFile {
  path: string;
  /** The blob holding its bytes. */
  sha: string;
  size: number;
}

/** The branch's files with one of `extensions`, sorted by path. */
export function listAssets(entries: readonly TreeEntry[], extensions: readonly string[]): AssetFile[] {
  return entries
    .filter((entry) => entry.type === 'blob' && extensions.includes(extensionOf(entry.path)))
    .map((entry) => ({ path: entry.path, sha: entry.sha, size: entry.size ?? 0 }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** The folders that directly hold at least one asset ('' is the repository root), sorted. */
export function assetFolders(assets: readonly AssetFile[]): string[] {
  return [...new Set(assets.map((asset) => parentFolder(asset.path)))].sort();
}

export interface AssetFilter {
  /** Only assets directly in this folder; null for all. */
  folder: string | null;
  /** Case-insensitive words that must all occur in the path. */
  query: string;
}

export function filterAssets(assets: readonly AssetFile[], { folder, query }: AssetFilter): AssetFile[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return assets.filter((asset) => {
    if (folder !== null && parentFolder(asset.path) !== folder) return false;
    const path = asset.path.toLowerCase();
    return words.every((word) => path.includes(word));
  });
}

export function joinPath(folder: string, name: string): string {
  return folder ? `${folder}/${name}` : name;
}

/** `path`, or `name-2.ext`, `name-3.ext`… in the same folder when `taken` already holds it. */
export function freePath(path: string, taken: ReadonlySet<string>): string {
  if (!taken.has(path)) return path;
  const folder = parentFolder(path);
  const name = baseName(path);
  const dot = name.lastIndexOf('.');
  const stem = dot > 0 ? name.slice(0, dot) : name;
  const extension = dot > 0 ? name.slice(dot) : '';
  for (let n = 2; ; n++) {
    const candidate = joinPath(folder, `${stem}-${n}${extension}`);
    if (!taken.has(candidate)) return candidate;
  }
}

/** `path` with its extension replaced by (or extended with) `extension`. */
export function withExtension(path: string, extension: string): string {
  const name = baseName(path);
  const dot = name.lastIndexOf('.');
  const stem = dot > 0 ? name.slice(0, dot) : name;
  return joinPath(parentFolder(path), `${stem}.${extension}`);
}

/** The URL of a blob's bytes through the repository-guarded blob route; `path` gives its type. */
export function blobUrl(owner: string, repo: string, sha: string, path: string): string {
  return `/api/github/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}/blobs/${sha}?path=${encodeURIComponent(path)}`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
