import { pipeline, Readable, Transform } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import {
  bodyBytes,
  chunkToBuffer,
  DEFAULT_CONTENT_TYPE,
  type GetResult,
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

export interface S3ObjectStoreOptions {
  bucket: string;
  region?: string;
  /** For S3-compatible stores (MinIO, R2, s3rver); omit for AWS. */
  endpoint?: string;
  /** Path-style URLs (`endpoint/bucket/key`), needed by most self-hosted stores. */
  forcePathStyle?: boolean;
  /** Static credentials; when omitted the SDK's default provider chain is used. */
  accessKeyId?: string;
  secretAccessKey?: string;
  /** Multipart part size for streamed uploads (≥ 5 MiB, the S3 minimum). Default 8 MiB. */
  partSize?: number;
  /** Parts uploaded in parallel per streamed upload. Default 4. */
  queueSize?: number;
}

const MIN_PART_SIZE = 5 * 1024 * 1024;

function stripQuotes(etag: string | undefined): string | undefined {
  return etag?.replace(/^(W\/)?"(.*)"$/, '$2');
}

/** The object's info from a GetObject or HeadObject response. */
function objectInfo(
  key: string,
  response: { ContentLength?: number; ContentType?: string; ETag?: string; LastModified?: Date; Metadata?: Record<string, string> },
): ObjectInfo {
  return {
    key,
    size: response.ContentLength ?? 0,
    contentType: response.ContentType ?? DEFAULT_CONTENT_TYPE,
    etag: stripQuotes(response.ETag),
    lastModified: response.LastModified,
    metadata: { ...(response.Metadata ?? {}) },
  };
}

interface AwsErrorShape {
  name?: string;
  Code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

function isNotFound(error: unknown): boolean {
  const e = (error ?? {}) as AwsErrorShape;
  // A missing bucket is a configuration error, not a missing object.
  if (e.name === 'NoSuchBucket' || e.Code === 'NoSuchBucket') return false;
  return e.name === 'NoSuchKey' || e.name === 'NotFound' || e.$metadata?.httpStatusCode === 404;
}

function backendError(operation: string, key: string, error: unknown): ObjectStoreError {
  if (error instanceof ObjectStoreError) return error;
  const e = (error ?? {}) as AwsErrorShape;
  const status = e.$metadata?.httpStatusCode ? ` (HTTP ${e.$metadata.httpStatusCode})` : '';
  const detail = [e.name, e.message].filter(Boolean).join(': ') || String(error);
  return new ObjectStoreError('BACKEND', `S3 object store: ${operation} ${JSON.stringify(key)} failed${status}: ${detail}`, {
    cause: error,
  });
}

export class S3ObjectStore implements ObjectStore {
  readonly driver = 's3' as const;
  readonly bucket: string;
  readonly client: S3Client;
  private readonly partSize: number;
  private readonly queueSize: number;

  constructor(options: S3ObjectStoreOptions) {
    if (!options.bucket) throw new ObjectStoreError('INVALID_ARGUMENT', 'S3 object store: a bucket is required');
    const partSize = options.partSize ?? 8 * 1024 * 1024;
    if (!Number.isInteger(partSize) || partSize < MIN_PART_SIZE) {
      throw new ObjectStoreError('INVALID_ARGUMENT', `S3 object store: partSize must be at least ${MIN_PART_SIZE} bytes`);
    }
    this.bucket = options.bucket;
    this.partSize = partSize;
    this.queueSize = options.queueSize ?? 4;
    this.client = new S3Client({
      region: options.region ?? 'us-east-1',
      endpoint: options.endpoint,
      forcePathStyle: options.forcePathStyle ?? false,
      credentials:
        options.accessKeyId && options.secretAccessKey
          ? { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey }
          : undefined,
      // Since SDK 3.729 the default (WHEN_SUPPORTED) adds CRC32 flexible checksums with aws-chunked
      // trailers to every upload; S3-compatible stores that don't decode aws-chunked then store the
      // chunk framing as object bytes (silent corruption of streamed uploads), and response
      // validation fails on their missing checksum headers. Only send/validate checksums when required.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  /** Closes the client's sockets. */
  destroy(): void {
    this.client.destroy();
  }

  async put(key: string, body: PutBody, options?: PutOptions): Promise<PutResult> {
    validateKey(key);
    const { contentType, metadata } = normalizePutOptions(options);

    if (isBytesBody(body)) {
      const bytes = bodyBytes(body);
      try {
        const result = await this.client.send(
          new PutObjectCommand({
            Bucket: this.bucket,
            Key: key,
            Body: bytes,
            ContentLength: bytes.length,
            ContentType: contentType,
            Metadata: metadata,
          }),
        );
        return { key, size: bytes.length, etag: stripQuotes(result.ETag) };
      } catch (error) {
        throw backendError('put', key, error);
      }
    }

    // A stream of unknown length: PutObject needs a Content-Length up front, and buffering the whole
    // stream would need an arbitrary size cap and unbounded memory. @aws-sdk/lib-storage's `Upload`
    // reads the stream in `partSize` chunks: a body that fits in one part goes as a single PutObject,
    // a longer one as a multipart upload (aborted on failure), holding at most about
    // queueSize × partSize bytes in memory.
    let size = 0;
    const counter = new Transform({
      transform(chunk: unknown, _encoding, callback) {
        try {
          const buffer = chunkToBuffer(chunk);
          size += buffer.length;
          callback(null, buffer);
        } catch (error) {
          callback(error as Error);
        }
      },
    });
    const source = toReadable(body);
    // Errors from the source destroy `counter`, which makes the upload fail and abort.
    pipeline(source, counter, () => undefined);
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: key, Body: counter, ContentType: contentType, Metadata: metadata },
      partSize: this.partSize,
      queueSize: this.queueSize,
    });
    try {
      const result = await upload.done();
      return { key, size, etag: stripQuotes(result.ETag) };
    } catch (error) {
      counter.destroy();
      throw backendError('put', key, error);
    }
  }

  async get(key: string): Promise<GetResult | null> {
    validateKey(key);
    let response;
    try {
      response = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    } catch (error) {
      if (isNotFound(error)) return null;
      throw backendError('get', key, error);
    }
    const body = response.Body;
    let stream: Readable;
    if (body instanceof Readable) {
      stream = body;
    } else if (body === undefined) {
      stream = Readable.from([]);
    } else {
      throw new ObjectStoreError('BACKEND', 'S3 object store: expected a Node.js stream body');
    }
    return { ...objectInfo(key, response), body: stream };
  }

  async getBytes(key: string): Promise<Buffer | null> {
    const result = await this.get(key);
    if (!result) return null;
    const chunks: Buffer[] = [];
    try {
      for await (const chunk of result.body) chunks.push(chunkToBuffer(chunk));
    } catch (error) {
      throw backendError('get', key, error);
    }
    return Buffer.concat(chunks);
  }

  async head(key: string): Promise<ObjectInfo | null> {
    validateKey(key);
    try {
      const response = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return objectInfo(key, response);
    } catch (error) {
      if (isNotFound(error)) return null;
      throw backendError('head', key, error);
    }
  }

  async exists(key: string): Promise<boolean> {
    return (await this.head(key)) !== null;
  }

  async delete(key: string): Promise<void> {
    validateKey(key);
    try {
      // S3 answers 204 for a missing key too.
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
    } catch (error) {
      if (isNotFound(error)) return;
      throw backendError('delete', key, error);
    }
  }

  list(prefix = '', options?: ListOptions): AsyncIterable<ListEntry> {
    validatePrefix(prefix);
    const pageSize = validatePageSize(options?.pageSize);
    return this.pages(prefix, pageSize);
  }

  private async *pages(prefix: string, pageSize: number): AsyncGenerator<ListEntry> {
    let continuationToken: string | undefined;
    do {
      let page;
      try {
        page = await this.client.send(
          new ListObjectsV2Command({
            Bucket: this.bucket,
            Prefix: prefix || undefined,
            MaxKeys: pageSize,
            ContinuationToken: continuationToken,
          }),
        );
      } catch (error) {
        throw backendError('list', prefix, error);
      }
      for (const object of page.Contents ?? []) {
        if (object.Key === undefined) continue;
        yield {
          key: object.Key,
          size: object.Size ?? 0,
          etag: stripQuotes(object.ETag),
          lastModified: object.LastModified,
        };
      }
      if (page.IsTruncated && !page.NextContinuationToken) {
        throw new ObjectStoreError('BACKEND', 'S3 object store: truncated listing without a continuation token');
      }
      continuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (continuationToken);
  }
}
