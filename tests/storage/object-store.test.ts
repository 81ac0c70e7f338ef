import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEnv } from '@/lib/env';
import {
  collect,
  createObjectStore,
  LocalObjectStore,
  objectStoreConfigFromEnv,
  type ObjectStore,
  ObjectStoreError,
  S3ObjectStore,
} from '@/lib/storage';

/**
 * One contract suite, run against the local-disk adapter (temp dir) and the S3 adapter talking real
 * HTTP to an s3rver instance started here. Nothing about the S3 protocol is mocked.
 */

/**
 * Starts s3rver on a free port of 127.0.0.1 (silent, own temp directory, bucket created) in a child
 * Node process: s3rver 3.7 encrypts ListObjectsV2 continuation tokens with DES, which OpenSSL 3 only
 * offers through its legacy provider (`--openssl-legacy-provider`, a process-wide flag). The child
 * exits when its stdin closes, so it never outlives the test process.
 */
async function startS3rver(directory: string, bucket: string): Promise<{ port: number; stop(): Promise<void> }> {
  const s3rverPath = createRequire(import.meta.url).resolve('s3rver');
  const script = `
    const S3rver = require(${JSON.stringify(s3rverPath)});
    const [directory, bucket] = process.argv.slice(1);
    const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket }] });
    server.run().then(
      (address) => process.stdout.write(JSON.stringify({ port: address.port }) + '\\n'),
      (error) => { console.error(error); process.exit(1); },
    );
    process.stdin.on('end', () => server.close().finally(() => process.exit(0)));
    process.stdin.resume();
  `;
  const child = spawn(process.execPath, ['--openssl-legacy-provider', '-e', script, directory, bucket], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = once(child, 'exit');
  const port = await new Promise<number>((resolve, reject) => {
    let output = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      output += chunk;
      const line = output.split('\n')[0];
      if (output.includes('\n') && line) resolve((JSON.parse(line) as { port: number }).port);
    });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`s3rver exited early with code ${String(code)}`)));
  });
  return {
    port,
    async stop() {
      child.stdin.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

interface Backend {
  store: ObjectStore;
  /** Number of requests of one S3 command (e.g. `UploadPartCommand`) sent so far (S3 only). */
  requests?: (commandName: string) => number;
  /** The local store's root (local only). */
  root?: string;
  close(): Promise<void>;
}

const backends: { name: string; start: () => Promise<Backend> }[] = [
  {
    name: 'local',
    async start() {
      const dir = await mkdtemp(path.join(tmpdir(), 'webedt-objects-'));
      const root = path.join(dir, 'objects');
      const store = createObjectStore({ driver: 'local', root });
      expect(store).toBeInstanceOf(LocalObjectStore);
      return { store, root, close: () => rm(dir, { recursive: true, force: true }) };
    },
  },
  {
    name: 's3 (s3rver)',
    async start() {
      const dir = await mkdtemp(path.join(tmpdir(), 'webedt-s3rver-'));
      const bucket = 'webedt-test';
      const server = await startS3rver(dir, bucket);
      const port = server.port;
      const store = createObjectStore({
        driver: 's3',
        endpoint: `http://127.0.0.1:${port}`,
        region: 'us-east-1',
        bucket,
        forcePathStyle: true,
        accessKeyId: 'S3RVER',
        secretAccessKey: 'S3RVER',
        partSize: 5 * 1024 * 1024,
      });
      if (!(store instanceof S3ObjectStore)) throw new Error('expected an S3ObjectStore');
      const counts = new Map<string, number>();
      store.client.middlewareStack.add(
        (next, context) => async (args) => {
          const name = context.commandName ?? '?';
          counts.set(name, (counts.get(name) ?? 0) + 1);
          return next(args);
        },
        { step: 'initialize', name: 'countRequests' },
      );
      return {
        store,
        requests: (commandName) => counts.get(commandName) ?? 0,
        async close() {
          store.destroy();
          await server.stop();
          await rm(dir, { recursive: true, force: true });
        },
      };
    },
  },
];

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
  return Buffer.concat(chunks);
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** A stream of unknown length (no size anywhere) yielding irregular chunk sizes. */
function chunkedStream(data: Buffer, maxChunk = 200_000): Readable {
  return Readable.from(
    (function* () {
      let offset = 0;
      let i = 0;
      while (offset < data.length) {
        const size = Math.min(data.length - offset, 1 + ((i++ * 7919) % maxChunk));
        yield data.subarray(offset, offset + size);
        offset += size;
      }
    })(),
  );
}

const INVALID_KEYS: [string, RegExp][] = [
  ['../x', /"\.\." segments/],
  ['a/../b', /"\.\." segments/],
  ['/abs', /relative/],
  ['a\0b', /NUL/],
  ['', /empty/],
  ['a\\b', /backslash/],
  ['a//b', /empty segments/],
  ['a/', /empty segments/],
  ['./a', /"\." segments/],
  ['x'.repeat(1025), /1024 bytes/],
  ['é'.repeat(513), /1024 bytes/],
];

describe.each(backends)('ObjectStore contract: $name', (backend) => {
  let b: Backend;
  let store: ObjectStore;

  beforeAll(async () => {
    b = await backend.start();
    store = b.store;
  });

  afterAll(async () => {
    await b?.close();
  });

  it('round-trips UTF-8 text with its content type', async () => {
    const text = 'héllo wörld ✓ 日本語\n';
    const put = await store.put('text/hello.txt', text, { contentType: 'text/plain; charset=utf-8' });
    expect(put).toMatchObject({ key: 'text/hello.txt', size: Buffer.byteLength(text) });

    expect((await store.getBytes('text/hello.txt'))?.toString('utf8')).toBe(text);
    const got = await store.get('text/hello.txt');
    expect(got).not.toBeNull();
    expect(got!.contentType).toBe('text/plain; charset=utf-8');
    expect(got!.size).toBe(Buffer.byteLength(text));
    expect((await readAll(got!.body)).toString('utf8')).toBe(text);
  });

  it('round-trips every byte value and a ~5 MB binary buffer byte for byte', async () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect((await store.put('bin/all-bytes', all)).size).toBe(256);
    const back = await store.getBytes('bin/all-bytes');
    expect(back && Buffer.compare(back, Buffer.from(all))).toBe(0);

    const big = randomBytes(5 * 1024 * 1024 + 12_345);
    const put = await store.put('bin/big.dat', big, { contentType: 'application/octet-stream' });
    expect(put.size).toBe(big.length);
    const bigBack = await store.getBytes('bin/big.dat');
    expect(bigBack?.length).toBe(big.length);
    expect(bigBack!.equals(big)).toBe(true);
    const streamed = await store.get('bin/big.dat');
    expect(sha256(await readAll(streamed!.body))).toBe(sha256(big));
  });

  it('stores only the viewed bytes of a Uint8Array view', async () => {
    const backing = Buffer.from('0123456789');
    const view = new Uint8Array(backing.buffer, backing.byteOffset + 3, 4);
    await store.put('bin/view', view);
    expect((await store.getBytes('bin/view'))?.toString()).toBe('3456');
  });

  it('stores empty objects', async () => {
    expect((await store.put('empty/zero', '')).size).toBe(0);
    expect((await store.getBytes('empty/zero'))?.length).toBe(0);
    const got = await store.get('empty/zero');
    expect(got?.size).toBe(0);
    expect((await readAll(got!.body)).length).toBe(0);
  });

  it('stores a Readable of unknown length (small and multipart-sized)', async () => {
    const small = randomBytes(70_000);
    const putSmall = await store.put('stream/small', chunkedStream(small, 9_000), { contentType: 'image/png' });
    expect(putSmall.size).toBe(small.length);
    expect((await store.getBytes('stream/small'))!.equals(small)).toBe(true);
    expect((await store.head('stream/small'))?.contentType).toBe('image/png');

    // Larger than two 5 MiB parts: the S3 adapter must go multipart.
    const large = randomBytes(11 * 1024 * 1024 + 777);
    const partsBefore = b.requests?.('UploadPartCommand');
    const putLarge = await store.put('stream/large', chunkedStream(large));
    expect(putLarge.size).toBe(large.length);
    if (b.requests) expect(b.requests('UploadPartCommand') - partsBefore!).toBe(3); // 5 + 5 + 1 MiB
    const back = await store.getBytes('stream/large');
    expect(back?.length).toBe(large.length);
    expect(sha256(back!)).toBe(sha256(large));
    expect((await store.head('stream/large'))?.size).toBe(large.length);
  });

  it('stores a stream of string chunks as UTF-8', async () => {
    await store.put('stream/strings', Readable.from(['ab', 'cé', '', '✓']));
    expect((await store.getBytes('stream/strings'))?.toString('utf8')).toBe('abcé✓');
  });

  it('fails a put whose stream errors, leaving no object behind', async () => {
    const failing = Readable.from(
      (async function* () {
        yield randomBytes(100_000);
        throw new Error('source broke');
      })(),
    );
    await expect(store.put('stream/broken', failing)).rejects.toThrow();
    expect(await store.exists('stream/broken')).toBe(false);
  });

  it('keeps content type and metadata; defaults to application/octet-stream', async () => {
    await store.put('meta/doc.json', '{"a":1}', {
      contentType: 'application/json',
      metadata: { 'commit-sha': 'abc123', owner: 'octo cat' },
    });
    const head = await store.head('meta/doc.json');
    expect(head).toMatchObject({
      key: 'meta/doc.json',
      size: 7,
      contentType: 'application/json',
      metadata: { 'commit-sha': 'abc123', owner: 'octo cat' },
    });
    expect((await store.get('meta/doc.json'))?.metadata).toEqual({ 'commit-sha': 'abc123', owner: 'octo cat' });

    await store.put('meta/plain', 'x');
    expect((await store.head('meta/plain'))?.contentType).toBe('application/octet-stream');

    await expect(store.put('meta/bad', 'x', { metadata: { 'Bad Name': 'x' } })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    await expect(store.put('meta/bad', 'x', { contentType: 'text/plain\r\nX-Evil: 1' })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
  });

  it('head and exists describe a stored object; etag matches put', async () => {
    const put = await store.put('head/file.txt', 'twelve bytes', { contentType: 'text/plain' });
    const head = await store.head('head/file.txt');
    expect(head).toMatchObject({ key: 'head/file.txt', size: 12, contentType: 'text/plain' });
    expect(head?.etag).toBeTruthy();
    expect(head?.etag).toBe(put.etag);
    expect(head?.lastModified).toBeInstanceOf(Date);
    expect(await store.exists('head/file.txt')).toBe(true);
    expect(await store.exists('head/file')).toBe(false);
    expect(await store.exists('head')).toBe(false);
  });

  it('returns null for missing keys', async () => {
    expect(await store.get('missing/nothing')).toBeNull();
    expect(await store.getBytes('missing/nothing')).toBeNull();
    expect(await store.head('missing/nothing')).toBeNull();
    expect(await store.exists('missing/nothing')).toBe(false);
    expect(await store.get('never-written-top-level')).toBeNull();
  });

  it('deletes idempotently', async () => {
    await store.put('del/x', 'x');
    await store.put('del/keep', 'k');
    await store.delete('del/x');
    expect(await store.get('del/x')).toBeNull();
    await expect(store.delete('del/x')).resolves.toBeUndefined();
    await expect(store.delete('del/never/existed')).resolves.toBeUndefined();
    expect((await collect(store.list('del/'))).map((e) => e.key)).toEqual(['del/keep']);
    await store.delete('del/keep');
    expect(await collect(store.list('del/'))).toEqual([]);
    // The namespace is reusable after its last object went away.
    await store.put('del/x', 'again');
    expect((await store.getBytes('del/x'))?.toString()).toBe('again');
  });

  it('overwrites atomically with new content, size, type and etag', async () => {
    const v1 = await store.put('over/file', 'first version, longer', { contentType: 'text/plain' });
    const v2 = await store.put('over/file', Buffer.from([1, 2, 3]), { contentType: 'application/x-thing' });
    expect(v2.etag).not.toBe(v1.etag);
    const got = await store.get('over/file');
    expect(got).toMatchObject({ size: 3, contentType: 'application/x-thing', etag: v2.etag });
    expect([...(await readAll(got!.body))]).toEqual([1, 2, 3]);
    expect(await collect(store.list('over/'))).toMatchObject([{ key: 'over/file', size: 3 }]);
  });

  // Real S3 guarantees this; s3rver writes objects in place (concurrent PUTs interleave), so only the
  // adapter that implements atomicity itself is checked here.
  it.runIf(backend.name === 'local')('concurrent overwrites leave exactly one complete version', async () => {
    const versions = Array.from({ length: 5 }, () => randomBytes(300_000));
    await Promise.all(versions.map((v) => store.put('race/file', v)));
    const final = await store.getBytes('race/file');
    expect(versions.some((v) => v.equals(final!))).toBe(true);
  });

  it('lists by prefix in key order across several pages', async () => {
    const keys = [
      'list/p/k00',
      'list/p/k01',
      'list/p/k02',
      'list/p/k03',
      'list/p/k04',
      'list/p/sub/k05',
      'list/pz',
      'list/q/k06',
      'list/r',
    ];
    // Written out of order, with distinct sizes.
    for (const [i, key] of [...keys].reverse().entries()) await store.put(key, 'x'.repeat(i + 1));
    await store.put('listing-other/x', 'x');
    const sizeOf = (key: string) => keys.length - keys.indexOf(key);

    const before = b.requests?.('ListObjectsV2Command');
    const all = await collect(store.list('list/', { pageSize: 2 }));
    expect(all.map((e) => e.key)).toEqual(keys);
    expect(all.map((e) => e.size)).toEqual(keys.map(sizeOf));
    if (b.requests) expect(b.requests('ListObjectsV2Command') - before!).toBe(5); // 9 keys, 2 per page

    expect((await collect(store.list('list/p/', { pageSize: 3 }))).map((e) => e.key)).toEqual(keys.slice(0, 6));
    expect((await collect(store.list('list/p'))).map((e) => e.key)).toEqual(keys.slice(0, 7));
    expect((await collect(store.list('list/p/k0', { pageSize: 1 }))).map((e) => e.key)).toEqual(keys.slice(0, 5));
    expect((await collect(store.list('list/q/'))).map((e) => e.key)).toEqual(['list/q/k06']);
    expect(await collect(store.list('list/nothing/'))).toEqual([]);
    expect(await collect(store.list('nope'))).toEqual([]);

    const everything = (await collect(store.list())).map((e) => e.key);
    expect(everything).toEqual(expect.arrayContaining([...keys, 'listing-other/x']));
    expect(everything).toContain('text/hello.txt');
  });

  it('lets a key and keys below it coexist, including reserved-looking names', async () => {
    const keys = ['nest/a', 'nest/a/b', 'nest/a/b/c', 'nest/x.obj', 'nest/x.obj/y', 'nest/x.dir', 'nest/x.tmp/z', 'nest/x'];
    for (const key of keys) await store.put(key, key);
    for (const key of keys) expect((await store.getBytes(key))?.toString()).toBe(key);
    // (s3rver's own listing order is not S3's for keys that are also "directories", so compare as sets.)
    expect((await collect(store.list('nest/'))).map((e) => e.key).sort()).toEqual([...keys].sort());
    await store.delete('nest/a');
    expect(await store.exists('nest/a')).toBe(false);
    expect(await store.exists('nest/a/b/c')).toBe(true);
  });

  it('round-trips keys with spaces, unicode and punctuation', async () => {
    const key = 'unicode/naïve café/日本語 file (1) +%20&=.txt';
    await store.put(key, 'ok', { contentType: 'text/plain' });
    expect((await store.getBytes(key))?.toString()).toBe('ok');
    expect((await collect(store.list('unicode/naïve'))).map((e) => e.key)).toEqual([key]);
  });

  it.each(INVALID_KEYS)('rejects the invalid key %j', async (key, message) => {
    const isInvalid = (error: unknown) =>
      error instanceof ObjectStoreError && error.code === 'INVALID_KEY' && message.test(error.message);
    for (const attempt of [
      () => store.put(key, 'x'),
      () => store.get(key),
      () => store.getBytes(key),
      () => store.head(key),
      () => store.exists(key),
      () => store.delete(key),
    ]) {
      const error = await attempt().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isInvalid(error), `${String(error)}`).toBe(true);
    }
  });

  it('rejects invalid list prefixes and page sizes', () => {
    for (const prefix of ['../', '/abs', 'a\0', 'a\\b', 'a/../']) {
      expect(() => store.list(prefix)).toThrow(ObjectStoreError);
    }
    expect(() => store.list('ok/', { pageSize: 0 })).toThrow(/pageSize/);
    expect(() => store.list('ok/', { pageSize: 1001 })).toThrow(/pageSize/);
  });

  it.runIf(backend.name !== 'local')('s3: the client only computes/validates checksums when required', async () => {
    if (!(store instanceof S3ObjectStore)) throw new Error('expected an S3ObjectStore');
    expect(await store.client.config.requestChecksumCalculation()).toBe('WHEN_REQUIRED');
    expect(await store.client.config.responseChecksumValidation()).toBe('WHEN_REQUIRED');
  });

  it.runIf(backend.name === 'local')('local: keeps files inside its root and leaves no temp files', async () => {
    const root = b.root!;
    const files: string[] = [];
    const walk = async (dir: string): Promise<void> => {
      for (const entry of await readdir(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) await walk(full);
        else files.push(path.relative(root, full));
      }
    };
    await walk(root);
    expect(files.length).toBeGreaterThan(0);
    expect(files.every((f) => f.endsWith('.obj') && !f.startsWith('..'))).toBe(true);
    expect(await readdir(path.dirname(root))).toEqual(['objects']);
    // Deleting the last object of a directory removes the empty directories.
    await store.put('prune/deep/er/file', 'x');
    await store.delete('prune/deep/er/file');
    expect(await readdir(root)).not.toContain('prune');
    // Order is UTF-8 byte order even where s3rver's is not.
    expect((await collect(store.list('nest/'))).map((e) => e.key)).toEqual([
      'nest/a/b',
      'nest/a/b/c',
      'nest/x',
      'nest/x.dir',
      'nest/x.obj',
      'nest/x.obj/y',
      'nest/x.tmp/z',
    ]);
  });
});

describe('objectStoreConfigFromEnv', () => {
  it('defaults to the local store under DATA_DIR/objects', () => {
    expect(objectStoreConfigFromEnv(parseEnv({ DATA_DIR: '/srv/webedt' }))).toEqual({
      driver: 'local',
      root: path.resolve('/srv/webedt', 'objects'),
    });
  });

  it('maps the S3_* variables', () => {
    const config = objectStoreConfigFromEnv(
      parseEnv({
        STORAGE_DRIVER: 's3',
        S3_ENDPOINT: 'http://127.0.0.1:9000',
        S3_REGION: 'eu-west-1',
        S3_BUCKET: 'webedt',
        S3_ACCESS_KEY_ID: 'id',
        S3_SECRET_ACCESS_KEY: 'secret',
        S3_FORCE_PATH_STYLE: 'false',
      }),
    );
    expect(config).toEqual({
      driver: 's3',
      endpoint: 'http://127.0.0.1:9000',
      region: 'eu-west-1',
      bucket: 'webedt',
      accessKeyId: 'id',
      secretAccessKey: 'secret',
      forcePathStyle: false,
    });
    expect(createObjectStore(config).driver).toBe('s3');
  });
});
