import 'server-only';
import path from 'node:path';
import { env, type Env } from '@/lib/env';
import { LocalObjectStore } from './local';
import { S3ObjectStore, type S3ObjectStoreOptions } from './s3';
import type { ObjectStore } from './types';

export * from './types';
export { LocalObjectStore, type LocalObjectStoreOptions } from './local';
export { S3ObjectStore, type S3ObjectStoreOptions } from './s3';

export type ObjectStoreConfig =
  | { driver: 'local'; root: string }
  | ({ driver: 's3' } & S3ObjectStoreOptions);

export function createObjectStore(config: ObjectStoreConfig): ObjectStore {
  switch (config.driver) {
    case 'local':
      return new LocalObjectStore({ root: config.root });
    case 's3':
      return new S3ObjectStore(config);
  }
}

/** The object-store configuration described by the environment (`STORAGE_DRIVER`, `S3_*`, `DATA_DIR`). */
export function objectStoreConfigFromEnv(e: Env): ObjectStoreConfig {
  if (e.STORAGE_DRIVER === 's3') {
    if (!e.S3_BUCKET) throw new Error('S3_BUCKET is required when STORAGE_DRIVER=s3');
    return {
      driver: 's3',
      bucket: e.S3_BUCKET,
      region: e.S3_REGION,
      endpoint: e.S3_ENDPOINT,
      forcePathStyle: e.S3_FORCE_PATH_STYLE,
      accessKeyId: e.S3_ACCESS_KEY_ID,
      secretAccessKey: e.S3_SECRET_ACCESS_KEY,
    };
  }
  return { driver: 'local', root: path.resolve(e.DATA_DIR, 'objects') };
}

const globalForStore = globalThis as unknown as { webedtObjectStore?: ObjectStore };

/** The process-wide object store, kept on globalThis so dev reloads reuse it. */
export function objectStore(): ObjectStore {
  globalForStore.webedtObjectStore ??= createObjectStore(objectStoreConfigFromEnv(env()));
  return globalForStore.webedtObjectStore;
}
