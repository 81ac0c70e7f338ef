import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BranchWorkspace } from '@/lib/llm/workspace';
import { type CommandResult, SandboxSession, type SessionOptions, sandboxStatus } from '@/lib/sandbox';

/**
 * The real sandbox (bubblewrap through @anthropic-ai/sandbox-runtime) on this machine: each isolation rule
 * and each limit, as a command that tries to break it. The app's own settings are in this process's
 * environment, as they are in a server's.
 */

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'webedt-sandbox-test-data-'));
const SECRET = 'the-auth-secret-value-0123456789abcdef';
Object.assign(process.env, {
  DATA_DIR: dataDir,
  SANDBOX_DIR: mkdtempSync(path.join(os.tmpdir(), 'webedt-sandbox-test-root-')),
  SANDBOX_TIMEOUT_SECONDS: '20',
  SANDBOX_MEMORY_MB: '512',
  SANDBOX_MAX_PROCESSES: '64',
  SANDBOX_OUTPUT_KB: '64',
  AUTH_SECRET: 'auth-secret-in-the-environment-0123456789',
  ANTHROPIC_API_KEY: 'sk-ant-sandbox-test',
});
writeFileSync(path.join(dataDir, 'auth-secret'), SECRET);
// Readable to any user, as the app's own files are to a sandbox running as the app's user: only the sandbox's rules stand in the way.
chmodSync(dataDir, 0o755);

const ref = { owner: 'alice', repo: 'sample', branch: 'main', sha: 'a'.repeat(40) };
const text = (value: string) => new Uint8Array(Buffer.from(value));

function workspaceOf(files: Record<string, string>): BranchWorkspace {
  return new BranchWorkspace(ref, new Map(Object.entries(files).map(([file, content]) => [file, text(content)])));
}

const sessions: SandboxSession[] = [];
function session(
  files: Record<string, string> = { 'README.md': '# sample\n' },
  options: SessionOptions = {},
): { workspace: BranchWorkspace; sandbox: SandboxSession } {
  const workspace = workspaceOf(files);
  const sandbox = new SandboxSession(workspace, options);
  sessions.push(sandbox);
  return { workspace, sandbox };
}

let app: Server;
let appPort: number;

beforeAll(async () => {
  expect(await sandboxStatus()).toEqual({ available: true });
  app = createServer((_request, response) => response.end('app'));
  await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
  appPort = (app.address() as AddressInfo).port;
});
afterAll(async () => {
  await Promise.all(sessions.map((s) => s.close()));
  if (app) await new Promise((resolve) => app.close(resolve));
});

const connect = (target: string) =>
  `node -e 'const s=require("net").connect(${target});s.on("connect",()=>{console.log("CONNECTED");process.exit(0)});s.on("error",e=>{console.log("refused:",e.code);process.exit(3)})'`;

describe('isolation', () => {
  it("cannot reach the app's port, the database's port or its socket", async () => {
    const { sandbox } = session();
    // The same probe outside the sandbox connects, so a refusal inside is the sandbox's doing.
    expect(execFileSync('bash', ['-c', connect(`${appPort},"127.0.0.1"`)], { encoding: 'utf8' })).toContain('CONNECTED');
    const appResult = await sandbox.run(connect(`${appPort},"127.0.0.1"`));
    expect(appResult.output).not.toContain('CONNECTED');
    expect(appResult.exitCode).toBe(3);
    const database = await sandbox.run(connect('5432,"127.0.0.1"'));
    expect(database.output).not.toContain('CONNECTED');
    const socket = await sandbox.run(connect('"/var/run/postgresql/.s.PGSQL.5432"'));
    expect(socket.output).not.toContain('CONNECTED');
  });

  it("cannot read the app's data dir, /etc/shadow, home folders or another turn's working copy", async () => {
    const first = session({ 'secret-of-first.txt': 'first turn only\n' });
    await first.sandbox.run('true');
    const otherCopy = first.sandbox.workingCopyDir!;
    const { sandbox } = session();
    const result = await sandbox.run(
      [
        `cat ${path.join(dataDir, 'auth-secret')}`,
        'cat /etc/shadow',
        `cat ${path.join(otherCopy, 'secret-of-first.txt')}`,
        `ls -a /root`,
        `cat ${path.join(process.cwd(), 'package.json')}`,
      ].join('; '),
    );
    expect(result.output).not.toContain(SECRET);
    expect(result.output).not.toMatch(/root:[^:]*:\d+/);
    expect(result.output).not.toContain('first turn only');
    const turns = await sandbox.run(`ls ${path.dirname(path.dirname(otherCopy))}`);
    expect(turns.output.split('\n')).not.toContain(path.basename(path.dirname(otherCopy)));
    expect(result.output).not.toContain('"name": "webedt"');
    // The turn's own files are there.
    expect((await sandbox.run('cat README.md')).output).toBe('# sample\n');
  });

  it('sees no other processes and none of the app environment', async () => {
    const { sandbox } = session();
    const result = await sandbox.run('env; echo PIDS:; ls /proc | grep -E "^[0-9]+$" | wc -l');
    for (const name of ['AUTH_SECRET', 'ANTHROPIC_API_KEY', 'DATA_DIR', 'SANDBOX_DIR']) {
      expect(result.output).not.toContain(name);
    }
    expect(result.output).not.toContain('sk-ant-sandbox-test');
    const pids = Number(result.output.split('PIDS:\n')[1]);
    expect(pids).toBeGreaterThan(0);
    expect(pids).toBeLessThan(10);
  });

  it('writes only inside its working copy and temp dir', async () => {
    const { sandbox } = session();
    const outside = path.join(os.tmpdir(), `webedt-sandbox-escape-${process.pid}`);
    const result = await sandbox.run(`echo x > ${outside}; echo y > ${path.join(dataDir, 'planted')}; echo z > "$TMPDIR/ok" && cat "$TMPDIR/ok"`);
    expect(result.output).toMatch(/Read-only file system|Permission denied/);
    expect(result.output).toContain('z');
    expect(() => execFileSync('cat', [outside], { stdio: 'pipe' })).toThrow();
    expect(() => execFileSync('cat', [path.join(dataDir, 'planted')], { stdio: 'pipe' })).toThrow();
  });
});

describe('limits', () => {
  const expectStopped = (result: CommandResult, limit: CommandResult['limit'], words: RegExp) => {
    expect(result.limit).toBe(limit);
    expect(result.limitMessage).toMatch(words);
  };

  it('stops a command at its time limit and kills what it started', async () => {
    const { sandbox } = session();
    const started = Date.now();
    const result = await sandbox.run('sleep 987654 & sleep 9999', { timeoutMs: 1_000 });
    expect(Date.now() - started).toBeLessThan(5_000);
    expectStopped(result, 'time', /time limit \(1 s\)/);
    expect(result.exitCode).toBeNull();
    expect(execFileSync('ps', ['-eww', '-o', 'args'], { encoding: 'utf8' })).not.toContain('sleep 987654');
  });

  it('ends a fork bomb at the process limit while another turn keeps running commands', async () => {
    const bomb = session();
    const other = session();
    const [bombed, fine] = await Promise.all([bomb.sandbox.run(':(){ :|:& };:; sleep 30'), other.sandbox.run('sleep 1; echo still serving')]);
    expectStopped(bombed, 'processes', /process limit \(64 processes\)/);
    expect(fine.output).toBe('still serving\n');
    expect(fine.exitCode).toBe(0);
  });

  it('refuses a 10 GB allocation with a memory report', async () => {
    const { sandbox } = session();
    const result = await sandbox.run(`node -e 'const chunks = []; for (let i = 0; i < 10 * 1024; i++) chunks.push(Buffer.alloc(1024 ** 2, 1)); console.log(chunks.length)'`);
    expect(result.exitCode).not.toBe(0);
    expectStopped(result, 'memory', /memory limit \(512 MiB per process\)/);
  });

  it('keeps the start and end of endless output and stops it', async () => {
    const { sandbox } = session();
    let streamed = 0;
    const result = await sandbox.run('yes webedt-endless-output', { onOutput: (chunk) => (streamed += chunk.length) });
    expectStopped(result, 'output', /output limit \(32 MiB printed\)/);
    expect(result.outputBytes).toBeGreaterThan(32 * 1024 * 1024);
    expect(result.output.length).toBeLessThan(70 * 1024);
    expect(result.output).toMatch(/of output cut here/);
    expect(streamed).toBeGreaterThan(0);
  });

  it('ends a busy loop at its CPU time limit', async () => {
    const { sandbox } = session(undefined, { limits: { cpuSeconds: 1 } });
    const result = await sandbox.run('while :; do :; done');
    expectStopped(result, 'cpu', /CPU time limit \(1 s per process\)/);
    expect(result.exitCode).toBe(128 + 24);
  });

  it('stops a command that fills the disk: one huge file, or many files over the working copy limit', async () => {
    const { sandbox } = session(undefined, { limits: { diskBytes: 16 * 1024 * 1024 } });
    const huge = await sandbox.run('head -c 100000000 /dev/zero > huge.bin');
    expectStopped(huge, 'disk', /disk limit \(16 MiB for the working copy\)/);
    const many = await sandbox.run('rm -f huge.bin; for i in 1 2 3; do head -c 10000000 /dev/zero > part$i.bin; done; sleep 30', { timeoutMs: 20_000 });
    expectStopped(many, 'disk', /disk limit/);
    expect(many.exitCode).toBeNull();
  });

  it('stops at once when the user cancels, changing nothing', async () => {
    const { sandbox, workspace } = session();
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 300);
    const result = await sandbox.run('echo partial > made.txt; sleep 9999', { signal: abort.signal });
    expect(result.cancelled).toBe(true);
    expect(result.changes).toEqual({ created: [], modified: [], deleted: [] });
    expect(workspace.changes()).toEqual([]);
  });
});

describe('changes', () => {
  it('brings created, changed and deleted files into the turn, except .gitignored ones', async () => {
    const { sandbox, workspace } = session({
      '.gitignore': 'node_modules/\n*.log\n',
      'src/app.js': 'old\n',
      'src/gone.js': 'bye\n',
      'kept.log': 'tracked, though ignored\n',
    });
    const result = await sandbox.run(
      'mkdir -p build node_modules/x && echo new > build/out.txt && echo dep > node_modules/x/i.js && echo log > debug.log && ' +
        'echo changed > src/app.js && rm src/gone.js && echo more >> kept.log && printf "\\x00\\x01" > bin.dat',
    );
    expect(result.exitCode).toBe(0);
    expect(result.changes).toEqual({ created: ['bin.dat', 'build/out.txt'], modified: ['kept.log', 'src/app.js'], deleted: ['src/gone.js'] });
    expect(workspace.read('src/app.js')).toBe('changed\n');
    expect(workspace.read('bin.dat')).toEqual(new Uint8Array([0, 1]));
    expect(workspace.exists('debug.log')).toBe(false);
    expect(workspace.exists('node_modules/x/i.js')).toBe(false);
    expect(workspace.changes().map((change) => change.path)).toEqual(['bin.dat', 'build/out.txt', 'kept.log', 'src/app.js', 'src/gone.js']);
  });

  it('sees what the file tools wrote before it, and runs in a sub-folder', async () => {
    const { sandbox, workspace } = session({ 'pkg/a.txt': 'a\n' });
    await sandbox.run('true');
    workspace.write('pkg/b.txt', 'from the file tools\n');
    workspace.delete('pkg/a.txt');
    const result = await sandbox.run('ls; cat b.txt', { cwd: 'pkg' });
    expect(result.output).toBe('b.txt\nfrom the file tools\n');
    expect(result.changes).toEqual({ created: [], modified: [], deleted: [] });
  });

  it('removes the working copy when the turn ends', async () => {
    const { sandbox } = session();
    await sandbox.run('true');
    const dir = sandbox.workingCopyDir!;
    await sandbox.close();
    expect(() => execFileSync('ls', [dir], { stdio: 'pipe' })).toThrow();
  });
});
