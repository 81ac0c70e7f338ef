import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloneUrl, type Emulator, git, startEmulator } from './support';

let gh: Emulator;
beforeAll(async () => {
  gh = await startEmulator();
});
afterAll(async () => {
  await gh?.close();
});

const dir = (name: string) => path.join(gh.tmp, name);

describe('git smart HTTP', () => {
  it('clones a private repository with a token, commits and pushes; the API sees the push', async () => {
    const token = await gh.token('bob');
    await git(['clone', '--quiet', cloneUrl(gh.url, 'alice/sample-game', token), dir('bob')]);
    expect(await readFile(path.join(dir('bob'), 'README.md'), 'utf8')).toMatch(/^# /);
    const png = await readFile(path.join(dir('bob'), 'assets/images/player.png'));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    const wav = await readFile(path.join(dir('bob'), 'assets/sounds/jump.wav'));
    expect(wav.subarray(0, 4).toString()).toBe('RIFF');
    JSON.parse(await readFile(path.join(dir('bob'), 'scenes/level1.scene.json'), 'utf8'));

    await writeFile(path.join(dir('bob'), 'pushed.txt'), 'from git\n');
    await git(['add', 'pushed.txt'], dir('bob'));
    await git(['commit', '--quiet', '-m', 'Pushed over smart HTTP'], dir('bob'));
    await git(['push', '--quiet', 'origin', 'HEAD:refs/heads/pushed'], dir('bob'));
    const { stdout: head } = await git(['rev-parse', 'HEAD'], dir('bob'));

    const { data: branch } = await gh.octokit(token).rest.repos.getBranch({ owner: 'alice', repo: 'sample-game', branch: 'pushed' });
    expect(branch.commit.sha).toBe(head.trim());
    expect(branch.commit.commit.message).toBe('Pushed over smart HTTP');
    expect(await gh.control.count({ pathPattern: '/alice/sample-game\\.git/git-receive-pack$', user: 'bob' })).toBe(1);
  });

  it('fails without a token: private clone, and any push (even to a public repository)', async () => {
    await expect(git(['clone', '--quiet', cloneUrl(gh.url, 'alice/sample-game'), dir('anon-private')])).rejects.toThrow();
    const noAuth = await fetch(`${gh.url}/alice/sample-game.git/info/refs?service=git-upload-pack`);
    expect(noAuth.status).toBe(401);
    expect(noAuth.headers.get('www-authenticate')).toBe('Basic realm="GitHub"');

    await git(['clone', '--quiet', cloneUrl(gh.url, 'alice/hello-world'), dir('anon-public')]);
    await writeFile(path.join(dir('anon-public'), 'x.txt'), 'x\n');
    await git(['add', 'x.txt'], dir('anon-public'));
    await git(['commit', '--quiet', '-m', 'anonymous'], dir('anon-public'));
    await expect(git(['push', '--quiet', 'origin', 'HEAD:refs/heads/anon'], dir('anon-public'))).rejects.toThrow();
    const receive = await fetch(`${gh.url}/alice/hello-world.git/info/refs?service=git-receive-pack`);
    expect(receive.status).toBe(401);
  });

  it('rejects bad tokens, hides repositories without access and refuses pushes with read access', async () => {
    await expect(git(['clone', '--quiet', cloneUrl(gh.url, 'alice/sample-game', 'ghu_invalid'), dir('bad')])).rejects.toThrow();
    const dave = await gh.token('dave');
    const hidden = await fetch(`${gh.url}/alice/sample-game.git/info/refs?service=git-upload-pack`, {
      headers: { authorization: `Basic ${Buffer.from(`x-access-token:${dave}`).toString('base64')}` },
    });
    expect(hidden.status).toBe(404);

    const carol = await gh.token('carol');
    await git(['clone', '--quiet', cloneUrl(gh.url, 'alice/sample-game', carol), dir('carol')]);
    await git(['commit', '--quiet', '--allow-empty', '-m', 'read-only'], dir('carol'));
    const push = git(['push', '--quiet', 'origin', 'HEAD:refs/heads/carol'], dir('carol'));
    await expect(push).rejects.toThrow(/403|Write access/);
  });
});
