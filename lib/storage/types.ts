import { Readable } from 'node:stream';

/**
 * The object store: a flat namespace of keys → bytes (+ content type and small metadata), implemented
 * by a local-disk adapter (`local.ts`) and an S3 adapter (`s3.ts`) that pass the same contract tests
 * (`tests/storage/object-store.test.ts`).
 */

/** What `put` accepts: bytes, a string (stored as UTF-8), or a Node stream of unknown length. */
export type PutBody = Uint8Array | string | Readable | NodeJS.ReadableStream;

export interface PutOptions {
  /** MIME type returned by `get`/`head`; defaults to `application/octet-stream`. */
  contentType?: string;
  /**
   * Small user metadata (S3 `x-amz-meta-*`). Names: lowercase `[a-z0-9_-]`; values: printable ASCII;
   * at most 2 KiB in total (the S3 limit) — enforced identically by both adapters.
   */
  metadata?: Record<string, string>;
}

export interface PutResult {
  key: string;
  /** Bytes stored. */
  size: number;
  /** Opaque version tag (without quotes); changes when the content changes. */
  etag?: string;
}

export interface ObjectInfo {
  key: string;
  size: number;
  contentType: string;
  etag?: string;
  lastModified?: Date;
  metadata: Record<string, string>;
}

export interface GetResult extends ObjectInfo {
  /** The content. The caller must consume or destroy it. */
  body: Readable;
}

export interface ListEntry {
  key: string;
  size: number;
  etag?: string;
  lastModified?: Date;
}

export interface ListOptions {
  /** Keys fetched per request (S3 `MaxKeys`, 1–1000, default 1000). Pagination is handled internally. */
  pageSize?: number;
}

export interface ObjectStore {
  readonly driver: 'local' | 's3';
  /** Stores (or atomically replaces) an object. Readers never observe a partial write. */
  put(key: string, body: PutBody, options?: PutOptions): Promise<PutResult>;
  /** The object with a streaming body, or `null` when the key does not exist. */
  get(key: string): Promise<GetResult | null>;
  /** The whole object in memory, or `null` when the key does not exist. */
  getBytes(key: string): Promise<Buffer | null>;
  /** The object's info without its body, or `null` when the key does not exist. */
  head(key: string): Promise<ObjectInfo | null>;
  exists(key: string): Promise<boolean>;
  /** Removes the object; deleting a missing key is not an error. */
  delete(key: string): Promise<void>;
  /**
   * Every object whose key starts with `prefix` (plain string prefix, `''` = all), in ascending
   * UTF-8 byte order of keys, fetched page by page. An invalid prefix throws `ObjectStoreError`
   * (`INVALID_KEY`) at the call, before any iteration.
   */
  list(prefix?: string, options?: ListOptions): AsyncIterable<ListEntry>;
}

export type ObjectStoreErrorCode =
  /** The key (or list prefix) is not a valid object key. */
  | 'INVALID_KEY'
  /** Content type, metadata or options are invalid. */
  | 'INVALID_ARGUMENT'
  /** The backend failed (I/O error, S3 error, corrupt local file, misconfiguration). */
  | 'BACKEND';

export class ObjectStoreError extends Error {
  readonly code: ObjectStoreErrorCode;

  constructor(code: ObjectStoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ObjectStoreError';
    this.code = code;
  }
}

export const MAX_KEY_BYTES = 1024;
export const MAX_METADATA_BYTES = 2048;
export const DEFAULT_CONTENT_TYPE = 'application/octet-stream';

function quote(key: string): string {
  const shown = key.length > 80 ? `${key.slice(0, 80)}…` : key;
  return JSON.stringify(shown);
}

/** The `INVALID_KEY` error for `key` (an object key, or what `what` names) and why it is refused. */
export function invalidKey(key: unknown, reason: string, what = 'object key'): ObjectStoreError {
  return new ObjectStoreError('INVALID_KEY', `Invalid ${what} ${typeof key === 'string' ? quote(key) : String(key)}: ${reason}`);
}

/**
 * Throws `ObjectStoreError('INVALID_KEY')` unless `key` is a relative, slash-separated path:
 * non-empty, at most 1024 UTF-8 bytes, no leading `/`, no empty (`a//b`, trailing `/`), `.` or `..`
 * segments, no backslash, no NUL or other control characters.
 */
export function validateKey(key: unknown, what = 'object key'): asserts key is string {
  const fail = (reason: string): never => {
    throw invalidKey(key, reason, what);
  };
  if (typeof key !== 'string') fail('must be a string');
  const k = key as string;
  if (k.length === 0) fail('must not be empty');
  if (Buffer.byteLength(k, 'utf8') > MAX_KEY_BYTES) fail(`must be at most ${MAX_KEY_BYTES} bytes (UTF-8)`);
  if (k.includes('\0')) fail('must not contain NUL');
  if (/[\u0000-\u001f\u007f]/.test(k)) fail('must not contain control characters');
  if (k.includes('\\')) fail('must not contain a backslash; use "/" to separate segments');
  if (k.startsWith('/')) fail('must be relative (no leading "/")');
  if (!k.isWellFormed()) fail('must be valid Unicode (no lone surrogates)');
  for (const segment of k.split('/')) {
    if (segment === '..') fail('must not contain ".." segments');
    if (segment === '.') fail('must not contain "." segments');
    if (segment === '') fail('must not contain empty segments ("//" or a trailing "/")');
  }
}

/**
 * A list prefix is any string that can start a valid key: `''`, `a/`, `a/b`, `a/.` … but not `../`,
 * `/x` or anything with a backslash/NUL.
 */
export function validatePrefix(prefix: unknown): asserts prefix is string {
  if (typeof prefix !== 'string') {
    throw invalidKey(prefix, 'must be a string', 'list prefix');
  }
  if (prefix === '') return;
  // A prefix is valid iff appending one ordinary character yields a valid key.
  validateKey(`${prefix}x`, 'list prefix');
}

const METADATA_NAME = /^[a-z0-9_-]+$/;
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const CONTENT_TYPE = /^[\x21-\x7e][\x20-\x7e]*$/;

/** Normalizes and validates `PutOptions` the same way for every adapter. */
export function normalizePutOptions(options: PutOptions | undefined): {
  contentType: string;
  metadata: Record<string, string>;
} {
  const contentType = options?.contentType ?? DEFAULT_CONTENT_TYPE;
  if (!CONTENT_TYPE.test(contentType) || contentType.length > 255) {
    throw new ObjectStoreError('INVALID_ARGUMENT', `Invalid content type ${JSON.stringify(contentType)}`);
  }
  const metadata: Record<string, string> = {};
  let total = 0;
  for (const [name, value] of Object.entries(options?.metadata ?? {})) {
    if (!METADATA_NAME.test(name)) {
      throw new ObjectStoreError(
        'INVALID_ARGUMENT',
        `Invalid metadata name ${JSON.stringify(name)}: use lowercase letters, digits, "-" and "_"`,
      );
    }
    if (typeof value !== 'string' || !PRINTABLE_ASCII.test(value)) {
      throw new ObjectStoreError(
        'INVALID_ARGUMENT',
        `Invalid metadata value for ${JSON.stringify(name)}: must be printable ASCII`,
      );
    }
    total += name.length + value.length;
    metadata[name] = value;
  }
  if (total > MAX_METADATA_BYTES) {
    throw new ObjectStoreError('INVALID_ARGUMENT', `Metadata is larger than ${MAX_METADATA_BYTES} bytes`);
  }
  return { contentType, metadata };
}

export function validatePageSize(pageSize: number | undefined): number {
  const size = pageSize ?? 1000;
  if (!Number.isInteger(size) || size < 1 || size > 1000) {
    throw new ObjectStoreError('INVALID_ARGUMENT', `Invalid pageSize ${String(pageSize)}: must be 1–1000`);
  }
  return size;
}

/** Compares keys the way S3 orders them: by UTF-8 bytes. */
export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** Collects an async iterable (e.g. `store.list(prefix)`) into an array. */
export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

/** Any `PutBody` stream as a `Readable` (old-style `NodeJS.ReadableStream`s are wrapped). */
export function toReadable(body: Readable | NodeJS.ReadableStream): Readable {
  if (body instanceof Readable) return body;
  if (Symbol.asyncIterator in body) return Readable.from(body, { objectMode: false });
  return new Readable().wrap(body);
}

/** Whether `put` was given bytes/text (known length) rather than a stream. */
export function isBytesBody(body: PutBody): body is Uint8Array | string {
  return typeof body === 'string' || body instanceof Uint8Array;
}

/** A bytes or text `PutBody` as bytes (text as UTF-8), without copying bytes. */
export function bodyBytes(body: Uint8Array | string): Buffer {
  return typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
}

/** A stream chunk as bytes (streams with an encoding set yield strings). */
export function chunkToBuffer(chunk: unknown): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  if (typeof chunk === 'string') return Buffer.from(chunk, 'utf8');
  throw new ObjectStoreError('INVALID_ARGUMENT', 'Body stream yielded a chunk that is not bytes or a string');
}
