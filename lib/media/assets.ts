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

/** Where new files go by default: the first folder named like one of `names` (e.g. "sounds"), else the first folder. */
export function preferredFolder(folders: readonly string[], names: readonly string[]): string {
  return folders.find((folder) => names.includes(baseName(folder).toLowerCase())) ?? folders[0] ?? '';
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

/** A blob's bytes, fetched in the browser through the blob route. */
export async function fetchBlob(owner: string, repo: string, sha: string, path: string): Promise<Uint8Array<ArrayBuffer>> {
  const response = await fetch(blobUrl(owner, repo, sha, path));
  if (!response.ok) throw new Error(`The file could not be loaded (${response.status}).`);
  return new Uint8Array(await response.arrayBuffer());
}

/** `20250102-030405` (local time), for names of pasted images and recordings. */
export function fileTimestamp(at: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}${pad(at.getMonth() + 1)}${pad(at.getDate())}-${pad(at.getHours())}${pad(at.getMinutes())}${pad(at.getSeconds())}`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
