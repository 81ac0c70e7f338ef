import { createHash, randomBytes } from 'node:crypto';
import { type FileHandle, mkdir, open, readdir, rename, rmdir, unlink } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import {
  bodyBytes,
  chunkToBuffer,
  compareKeys,
  type GetResult,
  invalidKey,
  isBytesBody,
  type ListEntry,
  type ListOptions,
  normalizePutOptions,
  type ObjectInfo,
  type ObjectStore,
  ObjectStoreError,
  type PutBody,
  type PutOptions,
  type PutResult,
  toReadable,
  validateKey,
  validatePageSize,
  validatePrefix,
} from './types';

/**
 * Local-disk object store: the embedded default (`${DATA_DIR}/objects`).
 *
 * Layout. A key `a/b/c.png` is stored as the file `<root>/a/b/c.png.obj`. Directory names are the key's
 * segments, except that a segment ending in `.obj`, `.dir` or `.tmp` gets `.dir` appended; so object
 * files (`*.obj`), temp files (`*.tmp`) and directories never share a name, and the keys `a` and
 * `a/b` can coexist exactly as they can on S3.
 *
 * File format. Each object is ONE file: the content bytes, then a JSON trailer (size, etag, content
 * type, metadata), then a 12-byte footer (trailer length, uint32 BE, + magic `WEDTOBJ1`). Keeping the
 * metadata in the same file as the content makes a write one atomic `rename` of a fully written and
 * fsync'ed temp file: a reader sees the old object or the new one, never a mix, never a partial file.
 * A trailer rather than a header lets a stream of unknown length be written in one pass.
 *
 * Paths never escape the root: keys are validated (`validateKey`: no `..`, absolute paths, backslash,
 * NUL) and every resolved path is checked to lie under the root.
 */

const OBJECT_SUFFIX = '.obj';
const TEMP_SUFFIX = '.tmp';
const DIR_ESCAPE = '.dir';
const RESERVED_SUFFIX = /\.(obj|dir|tmp)$/;
const MAGIC = Buffer.from('WEDTOBJ1', 'ascii');
const FOOTER_BYTES = 4 + MAGIC.length;
const MAX_TRAILER_BYTES = 64 * 1024;
/** Most filesystems cap a file name at 255 bytes; temp names add `.<12 hex>.tmp` (17 bytes). */
const MAX_SEGMENT_BYTES = 255 - 17;

interface Trailer {
  v: 1;
  size: number;
  etag: string;
  contentType: string;
  metadata: Record<string, string>;
}

export interface LocalObjectStoreOptions {
  /** Directory holding the objects; created on first write. */
  root: string;
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error
    ? String((error as { code: unknown }).code)
    : undefined;
}

function isMissing(error: unknown): boolean {
  const code = errorCode(error);
  return code === 'ENOENT' || code === 'ENOTDIR';
}

function backendError(operation: string, key: string, error: unknown): ObjectStoreError {
  if (error instanceof ObjectStoreError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ObjectStoreError('BACKEND', `Local object store: ${operation} ${JSON.stringify(key)} failed: ${message}`, {
    cause: error,
  });
}

function encodeDirSegment(segment: string): string {
  return RESERVED_SUFFIX.test(segment) ? segment + DIR_ESCAPE : segment;
}

function decodeDirName(name: string): string {
  return name.endsWith(DIR_ESCAPE) ? name.slice(0, -DIR_ESCAPE.length) : name;
}

async function writeFully(handle: FileHandle, buffer: Buffer): Promise<void> {
  let offset = 0;
  while (offset < buffer.length) {
    const { bytesWritten } = await handle.write(buffer, offset, buffer.length - offset, null);
    offset += bytesWritten;
  }
}

async function readFully(handle: FileHandle, length: number, position: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  let offset = 0;
  while (offset < length) {
    const { bytesRead } = await handle.read(buffer, offset, length - offset, position + offset);
    if (bytesRead === 0) throw new Error('unexpected end of file');
    offset += bytesRead;
  }
  return buffer;
}

function emptyStream(): Readable {
  return new Readable({
    read() {
      this.push(null);
    },
  });
}

export class LocalObjectStore implements ObjectStore {
  readonly driver = 'local' as const;
  readonly root: string;

  constructor(options: LocalObjectStoreOptions) {
    this.root = path.resolve(options.root);
  }

  /** The directory and object file for a key (validated, never outside the root). */
  private locate(key: string): { dir: string; file: string; leaf: string } {
    validateKey(key);
    const segments = key.split('/');
    if (segments.some((segment) => Buffer.byteLength(segment, 'utf8') > MAX_SEGMENT_BYTES)) {
      throw invalidKey(key, `the local store allows at most ${MAX_SEGMENT_BYTES} bytes per segment`);
    }
    const leaf = segments.pop() as string;
    const dir = path.join(this.root, ...segments.map(encodeDirSegment));
    const file = path.join(dir, leaf + OBJECT_SUFFIX);
    if (!file.startsWith(this.root + path.sep) || (dir !== this.root && !dir.startsWith(this.root + path.sep))) {
      throw invalidKey(key, 'escapes the store root');
    }
    return { dir, file, leaf };
  }

  private async readInfo(handle: FileHandle, key: string): Promise<ObjectInfo> {
    const stat = await handle.stat();
    const corrupt = (why: string): never => {
      throw new ObjectStoreError('BACKEND', `Local object store: ${JSON.stringify(key)} is corrupt (${why})`);
    };
    if (stat.size < FOOTER_BYTES) corrupt('too short');
    const footer = await readFully(handle, FOOTER_BYTES, stat.size - FOOTER_BYTES);
    if (!footer.subarray(4).equals(MAGIC)) corrupt('bad magic');
    const trailerLength = footer.readUInt32BE(0);
    if (trailerLength > MAX_TRAILER_BYTES || trailerLength + FOOTER_BYTES > stat.size) corrupt('bad trailer length');
    const size = stat.size - FOOTER_BYTES - trailerLength;
    let trailer: Trailer;
    try {
      trailer = JSON.parse((await readFully(handle, trailerLength, size)).toString('utf8')) as Trailer;
    } catch {
      return corrupt('unreadable trailer');
    }
    if (trailer.v !== 1 || trailer.size !== size) corrupt('trailer does not match the content');
    return {
      key,
      size,
      contentType: trailer.contentType,
      etag: trailer.etag,
      lastModified: stat.mtime,
      metadata: { ...trailer.metadata },
    };
  }

  /** Opens the object file, or `null` when the key does not exist. */
  private async openObject(key: string): Promise<FileHandle | null> {
    const { file } = this.locate(key);
    try {
      return await open(file, 'r');
    } catch (error) {
      if (isMissing(error)) return null;
      throw backendError('open', key, error);
    }
  }

  /** Creates the parent directories and an exclusive temp file next to the target. */
  private async openTemp(dir: string, leaf: string, key: string): Promise<{ handle: FileHandle; temp: string }> {
    // A concurrent `delete` may remove an empty parent between mkdir and open: retry a few times.
    for (let attempt = 0; ; attempt++) {
      const temp = path.join(dir, `${leaf}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`);
      try {
        await mkdir(dir, { recursive: true });
        return { handle: await open(temp, 'wx'), temp };
      } catch (error) {
        if (attempt < 5 && (isMissing(error) || errorCode(error) === 'EEXIST')) continue;
        throw backendError('write', key, error);
      }
    }
  }

  async put(key: string, body: PutBody, options?: PutOptions): Promise<PutResult> {
    const { dir, file, leaf } = this.locate(key);
    const { contentType, metadata } = normalizePutOptions(options);
    const { handle, temp } = await this.openTemp(dir, leaf, key);
    let closed = false;
    let committed = false;
    try {
      const hash = createHash('md5');
      let size = 0;
      const write = async (chunk: Buffer) => {
        if (chunk.length === 0) return;
        hash.update(chunk);
        size += chunk.length;
        await writeFully(handle, chunk);
      };
      if (isBytesBody(body)) {
        await write(bodyBytes(body));
      } else {
        for await (const chunk of toReadable(body)) await write(chunkToBuffer(chunk));
      }
      const etag = hash.digest('hex');
      const trailer: Trailer = { v: 1, size, etag, contentType, metadata };
      const trailerBytes = Buffer.from(JSON.stringify(trailer), 'utf8');
      const footer = Buffer.alloc(FOOTER_BYTES);
      footer.writeUInt32BE(trailerBytes.length, 0);
      MAGIC.copy(footer, 4);
      await writeFully(handle, Buffer.concat([trailerBytes, footer]));
      await handle.sync();
      await handle.close();
      closed = true;
      await rename(temp, file);
      committed = true;
      return { key, size, etag };
    } catch (error) {
      throw backendError('write', key, error);
    } finally {
      if (!closed) await handle.close().catch(() => undefined);
      if (!committed) await unlink(temp).catch(() => undefined);
    }
  }

  async get(key: string): Promise<GetResult | null> {
    const handle = await this.openObject(key);
    if (!handle) return null;
    try {
      const info = await this.readInfo(handle, key);
      if (info.size === 0) {
        await handle.close();
        return { ...info, body: emptyStream() };
      }
      // The stream reads the opened file, so a concurrent overwrite (rename) cannot mix versions.
      const body = handle.createReadStream({ start: 0, end: info.size - 1, autoClose: true });
      return { ...info, body };
    } catch (error) {
      await handle.close().catch(() => undefined);
      throw backendError('read', key, error);
    }
  }

  /** `read` of the opened object file, which is closed after; `null` when the key does not exist. */
  private async readObject<T>(key: string, read: (handle: FileHandle) => Promise<T>): Promise<T | null> {
    const handle = await this.openObject(key);
    if (!handle) return null;
    try {
      return await read(handle);
    } catch (error) {
      throw backendError('read', key, error);
    } finally {
      await handle.close().catch(() => undefined);
    }
  }

  async getBytes(key: string): Promise<Buffer | null> {
    return this.readObject(key, async (handle) => readFully(handle, (await this.readInfo(handle, key)).size, 0));
  }

  async head(key: string): Promise<ObjectInfo | null> {
    return this.readObject(key, (handle) => this.readInfo(handle, key));
  }

  async exists(key: string): Promise<boolean> {
    return (await this.head(key)) !== null;
  }

  async delete(key: string): Promise<void> {
    const { dir, file } = this.locate(key);
    try {
      await unlink(file);
    } catch (error) {
      if (isMissing(error)) return;
      throw backendError('delete', key, error);
    }
    // Remove now-empty parent directories (stops at the first non-empty one, never removes the root).
    for (let current = dir; current !== this.root && current.startsWith(this.root + path.sep); ) {
      try {
        await rmdir(current);
      } catch {
        break;
      }
      current = path.dirname(current);
    }
  }

  list(prefix = '', options?: ListOptions): AsyncIterable<ListEntry> {
    validatePrefix(prefix);
    validatePageSize(options?.pageSize); // accepted for parity with S3; the local walk needs no pages
    return this.walk(this.root, '', prefix);
  }

  /**
   * Depth-first walk in key order: each directory's entries are sorted by their key text (a
   * directory as `name/`), which yields all keys in ascending UTF-8 byte order. Directories that
   * cannot contain a key with `prefix` are skipped.
   */
  private async *walk(dirPath: string, keyPrefix: string, prefix: string): AsyncGenerator<ListEntry> {
    let entries;
    try {
      entries = await readdir(dirPath, { withFileTypes: true });
    } catch (error) {
      if (isMissing(error)) return;
      throw backendError('list', keyPrefix, error);
    }
    const children: { sortKey: string; name: string; isDir: boolean }[] = [];
    for (const entry of entries) {
      if (entry.isDirectory()) {
        if (entry.name.endsWith(OBJECT_SUFFIX) || entry.name.endsWith(TEMP_SUFFIX)) continue;
        children.push({ sortKey: `${keyPrefix}${decodeDirName(entry.name)}/`, name: entry.name, isDir: true });
      } else if (entry.isFile() && entry.name.endsWith(OBJECT_SUFFIX)) {
        const key = keyPrefix + entry.name.slice(0, -OBJECT_SUFFIX.length);
        children.push({ sortKey: key, name: entry.name, isDir: false });
      }
    }
    children.sort((a, b) => compareKeys(a.sortKey, b.sortKey));
    for (const child of children) {
      const childPath = path.join(dirPath, child.name);
      if (child.isDir) {
        if (child.sortKey.startsWith(prefix) || prefix.startsWith(child.sortKey)) {
          yield* this.walk(childPath, child.sortKey, prefix);
        }
        continue;
      }
      if (!child.sortKey.startsWith(prefix)) continue;
      try {
        validateKey(child.sortKey);
      } catch {
        continue; // a foreign file that no key maps to
      }
      let handle: FileHandle;
      try {
        handle = await open(childPath, 'r');
      } catch (error) {
        if (isMissing(error)) continue; // deleted while listing
        throw backendError('list', child.sortKey, error);
      }
      let info: ObjectInfo;
      try {
        info = await this.readInfo(handle, child.sortKey);
      } finally {
        await handle.close().catch(() => undefined);
      }
      yield { key: info.key, size: info.size, etag: info.etag, lastModified: info.lastModified };
    }
  }
}
