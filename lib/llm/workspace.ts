import 'server-only';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { LRUCache } from 'lru-cache';
import { unpackTar } from 'modern-tar';
import { AppError } from '@/lib/errors';
import type { GitHubClient } from '@/lib/github/octokit';
import { objectStore, type ObjectStore } from '@/lib/storage';
import { ToolError } from './tool-error';

/**
 * A branch as the tool loop sees it: a read snapshot of the files at one commit plus an in-memory overlay
 * of the turn's writes and deletes. Snapshots come from ONE tarball download per commit sha and are kept in
 * the object store ("Live Chat workspace state"), so every later turn on that commit reads them from there.
 */

export interface BranchRef {
  owner: string;
  repo: string;
  branch: string;
  /** The commit the snapshot shows; changes are meant to be committed on top of it. Null: the repository has no commits yet. */
  sha: string | null;
}

/** One file change of a turn: text (string) or bytes to write, or a deletion. */
export type FileChange = { path: string; content: string | Uint8Array } | { path: string; delete: true };

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const BINARY_SNIFF_BYTES = 8000;

/** The file as text, or null when it is binary (a NUL early on, or not UTF-8). A BOM is kept. */
export function decodeText(bytes: Uint8Array): string | null {
  if (bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0)) return null;
  try {
    return utf8.decode(bytes);
  } catch {
    return null;
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b);
}

const toBytes = (content: string | Uint8Array): Uint8Array => (typeof content === 'string' ? Buffer.from(content, 'utf8') : content);

export class BranchWorkspace {
  /** path → new content, or null for a deletion. */
  private readonly overlay = new Map<string, string | Uint8Array | null>();

  constructor(
    readonly ref: BranchRef,
    private readonly base: ReadonlyMap<string, Uint8Array>,
  ) {}

  /** The file's current content (pending changes included), or null when there is no such file. */
  read(path: string): string | Uint8Array | null {
    const pending = this.overlay.get(path);
    if (pending !== undefined) return pending;
    return this.base.get(path) ?? null;
  }

  /** The file as the snapshot has it, before the turn's changes; null when it did not exist. */
  original(path: string): Uint8Array | null {
    return this.base.get(path) ?? null;
  }

  exists(path: string): boolean {
    return this.read(path) !== null;
  }

  /** Every file path, sorted. */
  files(): string[] {
    const paths = new Set(this.base.keys());
    for (const [path, content] of this.overlay) {
      if (content === null) paths.delete(path);
      else paths.add(path);
    }
    return [...paths].sort();
  }

  /** The files' texts (null for a binary file), decoded one at a time as the caller reads on. */
  *texts(paths: readonly string[] = this.files()): Generator<{ path: string; text: string | null }> {
    for (const path of paths) {
      const content = this.read(path);
      if (content !== null) yield { path, text: typeof content === 'string' ? content : decodeText(content) };
    }
  }

  /** Whether `path` is a folder (the root `''` always is). */
  isDirectory(path: string): boolean {
    if (path === '') return true;
    const prefix = `${path}/`;
    return this.files().some((file) => file.startsWith(prefix));
  }

  /** Creates or replaces a file. A folder in the way, or a file where a folder is needed, is refused. */
  write(path: string, content: string | Uint8Array): 'created' | 'updated' {
    if (this.isDirectory(path)) throw new ToolError(`"${path}" is a folder; choose a file path.`);
    const segments = path.split('/');
    for (let i = 1; i < segments.length; i++) {
      const parent = segments.slice(0, i).join('/');
      if (this.exists(parent)) throw new ToolError(`"${parent}" is a file, so "${path}" cannot be created inside it.`);
    }
    const existed = this.exists(path);
    this.overlay.set(path, content);
    return existed ? 'updated' : 'created';
  }

  delete(path: string): void {
    if (!this.exists(path)) {
      throw new ToolError(this.isDirectory(path) ? `"${path}" is a folder; delete its files one by one.` : `There is no file "${path}".`);
    }
    this.overlay.set(path, null);
  }

  /** What the turn changed relative to the snapshot, sorted by path; writes that restore a file vanish. */
  changes(): FileChange[] {
    const changes: FileChange[] = [];
    for (const path of [...this.overlay.keys()].sort()) {
      const content = this.overlay.get(path) ?? null;
      const original = this.base.get(path);
      if (content === null) {
        if (original) changes.push({ path, delete: true });
      } else if (!original || !sameBytes(toBytes(content), original)) {
        changes.push({ path, content });
      }
    }
    return changes;
  }
}

const SHA = /^[0-9a-f]{40}([0-9a-f]{24})?$/;
const MAX_ARCHIVE_BYTES = 100 * 1024 * 1024;
const MAX_FILES_BYTES = 512 * 1024 * 1024;

/** Object-store key of a commit's snapshot (the tarball as GitHub serves it). */
export function snapshotKey(owner: string, repo: string, sha: string): string {
  return `live-chat/snapshots/${owner.toLowerCase()}/${repo.toLowerCase()}/${sha}.tar.gz`;
}

async function readLimited(response: Response, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  const reader = response.body?.getReader();
  for (let read = await reader?.read(); read && !read.done; read = await reader?.read()) {
    size += read.value.length;
    if (size > limit) {
      await reader?.cancel();
      throw new AppError('payload_too_large', `The repository archive is larger than ${limit / 1024 / 1024} MiB, too large for Live Chat.`);
    }
    chunks.push(Buffer.from(read.value));
  }
  return Buffer.concat(chunks);
}

/**
 * GET /repos/:owner/:repo/tarball/:sha answers with a redirect to a short-lived archive URL; following it by
 * hand keeps the archive out of the Octokit ETag cache and lets the download be size-limited.
 */
async function downloadTarball(github: GitHubClient, owner: string, repo: string, sha: string): Promise<Buffer> {
  const response = await github.request('GET /repos/{owner}/{repo}/tarball/{ref}', { owner, repo, ref: sha, request: { redirect: 'manual' } });
  const location = response.headers.location;
  if (!location) throw new AppError('github_unavailable', 'GitHub did not offer an archive of the branch.');
  const archive = await fetch(location);
  if (!archive.ok) {
    await archive.body?.cancel();
    throw new AppError('github_unavailable', `GitHub could not deliver the archive of ${owner}/${repo} (${archive.status}).`);
  }
  return readLimited(archive, MAX_ARCHIVE_BYTES);
}

/** The regular files of a GitHub tarball (its top folder `owner-repo-sha/` stripped); links are skipped. */
async function unpackSnapshot(archive: Buffer): Promise<Snapshot> {
  const tar = await promisify(gunzip)(archive, { maxOutputLength: MAX_FILES_BYTES });
  const entries = await unpackTar(tar, { strip: 1, filter: (header) => (header.type ?? 'file') === 'file' });
  const files = new Map<string, Uint8Array>();
  for (const entry of entries) {
    if (entry.header.name && entry.data) files.set(entry.header.name, entry.data);
  }
  return files;
}

type Snapshot = Map<string, Uint8Array>;

const UNPACKED_CACHE_BYTES = 256 * 1024 * 1024;

interface StoreState {
  /** Unpacked snapshots, so turn after turn on one commit skips gunzip and untar. */
  unpacked: LRUCache<string, Snapshot>;
  /** Snapshots being loaded: concurrent opens of one commit share one download. */
  loading: Map<string, Promise<Snapshot>>;
}

const stateByStore = new WeakMap<ObjectStore, StoreState>();

function stateOf(store: ObjectStore): StoreState {
  let state = stateByStore.get(store);
  if (!state) {
    state = {
      unpacked: new LRUCache<string, Snapshot>({
        maxSize: UNPACKED_CACHE_BYTES,
        sizeCalculation: (files) => Math.max(1, [...files.values()].reduce((sum, bytes) => sum + bytes.length, 0)),
      }),
      loading: new Map(),
    };
    stateByStore.set(store, state);
  }
  return state;
}

async function loadSnapshot(github: GitHubClient, store: ObjectStore, owner: string, repo: string, sha: string): Promise<Snapshot> {
  const key = snapshotKey(owner, repo, sha);
  let archive = await store.getBytes(key);
  if (!archive) {
    archive = await downloadTarball(github, owner, repo, sha);
    await store.put(key, archive, { contentType: 'application/gzip' });
  }
  return unpackSnapshot(archive);
}

export interface OpenWorkspaceOptions extends Omit<BranchRef, 'sha'> {
  sha: string;
  /** The user's (or the agent's) GitHub client; used only when the snapshot is not stored yet. */
  github: GitHubClient;
  /** Default: the process-wide object store. */
  store?: ObjectStore;
}

/** An empty repository's workspace: no files yet; what the turn writes becomes the first commit. */
export function emptyRepositoryWorkspace(ref: Omit<BranchRef, 'sha'>): BranchWorkspace {
  return new BranchWorkspace({ ...ref, sha: null }, new Map());
}

/** The branch at `sha` with an empty overlay: from memory, else the object store, else one download. */
export async function openBranchWorkspace({ github, store = objectStore(), ...ref }: OpenWorkspaceOptions): Promise<BranchWorkspace> {
  if (!SHA.test(ref.sha)) throw new AppError('bad_request', `"${ref.sha}" is not a commit sha.`);
  const key = snapshotKey(ref.owner, ref.repo, ref.sha);
  const { unpacked, loading } = stateOf(store);
  let snapshot = unpacked.get(key);
  if (!snapshot) {
    let pending = loading.get(key);
    if (!pending) {
      pending = loadSnapshot(github, store, ref.owner, ref.repo, ref.sha).finally(() => loading.delete(key));
      loading.set(key, pending);
    }
    snapshot = await pending;
    unpacked.set(key, snapshot);
  }
  return new BranchWorkspace(ref, snapshot);
}
