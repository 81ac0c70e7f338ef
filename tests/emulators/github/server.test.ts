import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Octokit } from '@octokit/rest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GitHubEmulatorControl } from '@/emulators/github/control';
import { startGitHubEmulator } from '@/emulators/github/server';
import { startCli } from '../../support/cli';
import { cloneUrl, git } from './support';

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'gh-emu-server-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

async function childCommands(): Promise<string[]> {
  const { stdout } = await promisify(execFile)('ps', ['-o', 'args=', '--ppid', String(process.pid)]);
  return stdout.split('\n').filter((line) => line.includes('git'));
}

describe('startGitHubEmulator', () => {
  it('keeps repositories and tokens across restarts; reset starts fresh; close leaves no git processes', async () => {
    const dataDir = path.join(tmp, 'data');
    let emulator = await startGitHubEmulator({ port: 0, dataDir });
    expect(emulator.apiUrl).toBe(`${emulator.url}/api/v3`);
    expect(emulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const { access_token: token } = await new GitHubEmulatorControl(emulator.url).createUserToken('alice');
    let octokit = new Octokit({ baseUrl: emulator.apiUrl, auth: token, log: quiet });
    const { data: main } = await octokit.rest.git.getRef({ owner: 'alice', repo: 'sample-game', ref: 'heads/main' });
    await octokit.rest.git.createRef({ owner: 'alice', repo: 'sample-game', ref: 'refs/heads/kept', sha: main.object.sha });
    await git(['clone', '--quiet', cloneUrl(emulator.url, 'alice/sample-game', token), path.join(tmp, 'clone')]);
    await emulator.close();
    expect(await childCommands()).toEqual([]);

    emulator = await startGitHubEmulator({ port: 0, dataDir });
    octokit = new Octokit({ baseUrl: emulator.apiUrl, auth: token, log: quiet });
    const { data: kept } = await octokit.rest.git.getRef({ owner: 'alice', repo: 'sample-game', ref: 'heads/kept' });
    // Seeded commits have fixed dates, so the repository is byte-identical on every machine.
    expect(kept.object.sha).toBe(main.object.sha);
    await emulator.close();

    emulator = await startGitHubEmulator({ port: 0, dataDir, reset: true });
    octokit = new Octokit({ baseUrl: emulator.apiUrl, auth: token, log: quiet });
    await expect(octokit.rest.users.getAuthenticated()).rejects.toMatchObject({ status: 401 });
    const fresh = new Octokit({ baseUrl: emulator.apiUrl, auth: (await new GitHubEmulatorControl(emulator.url).createUserToken('alice')).access_token, log: quiet });
    await expect(fresh.rest.git.getRef({ owner: 'alice', repo: 'sample-game', ref: 'heads/kept' })).rejects.toMatchObject({ status: 404 });
    expect((await fresh.rest.git.getRef({ owner: 'alice', repo: 'sample-game', ref: 'heads/main' })).data.object.sha).toBe(main.object.sha);
    await emulator.close();
  });

  it('answers a body over its limit with 413 once it has read it, not with a reset connection', async () => {
    const emulator = await startGitHubEmulator({ port: 0, dataDir: path.join(tmp, 'body-limit') });
    try {
      // Control bodies are capped at 1 MiB, like every small JSON body the emulator reads.
      const response = await fetch(`${emulator.url}/_emulator/latency`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ms: 0, pad: 'x'.repeat(4 * 1024 * 1024) }),
      });
      expect(response.status).toBe(413);
    } finally {
      await emulator.close();
    }
  });

  it('close() is idempotent and safe to call unbound', async () => {
    const { close, url } = await startGitHubEmulator({ port: 0, dataDir: path.join(tmp, 'data2') });
    await close();
    await close();
    await expect(fetch(url)).rejects.toThrow();
  });

  it('npm run emulator:github (cli.ts) prints its URL, serves, and exits cleanly on SIGTERM', async () => {
    const { child, url, exited } = await startCli('emulators/github/cli.ts', ['--port', '0', '--data', path.join(tmp, 'cli')], {
      ...process.env,
      GITHUB_EMULATOR_PORT: undefined,
    });
    const response = await fetch(`${url}/api/v3/repos/alice/hello-world`);
    expect(response.status).toBe(200);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
