import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Octokit } from '@octokit/rest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, rejection, startEmulator, statusOf } from './support';

let gh: Emulator;
let alice: Octokit;
let bob: Octokit;
let carol: Octokit;
let dave: Octokit;
let anonymous: Octokit;
const repo = { owner: 'alice', repo: 'sample-game' };

beforeAll(async () => {
  gh = await startEmulator();
  const client = async (login: string) => gh.octokit(await gh.token(login));
  [alice, bob, carol, dave] = await Promise.all([client('alice'), client('bob'), client('carol'), client('dave')]);
  anonymous = gh.octokit();
});
afterAll(async () => {
  await gh?.close();
});

describe('users', () => {
  it('GET /user, /user/emails', async () => {
    const { data: user } = await alice.rest.users.getAuthenticated();
    expect(user).toMatchObject({ login: 'alice', id: 1001, name: 'Alice Anderson', type: 'User' });
    expect(user.avatar_url).toBe(`${gh.url}/avatars/alice`);
    const avatar = await fetch(user.avatar_url);
    expect(avatar.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await avatar.arrayBuffer()).subarray(1, 4).toString()).toBe('PNG');
    const { data: emails } = await alice.rest.users.listEmailsForAuthenticatedUser();
    expect(emails.find((e) => e.primary)).toMatchObject({ email: 'alice@example.com', verified: true });
  });

  it('GET /user without or with a bad token → 401 Bad credentials / Requires authentication', async () => {
    const bad = await rejection(gh.octokit('ghu_nottherightone').rest.users.getAuthenticated());
    expect(bad.status).toBe(401);
    expect(bad.response?.data).toMatchObject({ message: 'Bad credentials', status: '401', documentation_url: expect.any(String) });
    expect((await rejection(anonymous.rest.users.getAuthenticated())).status).toBe(401);
  });

  it('GET /user/repos lists owned and collaborator repositories with permissions', async () => {
    const names = async (o: Octokit) => (await o.rest.repos.listForAuthenticatedUser()).data.map((r) => r.full_name);
    expect(await names(alice)).toEqual(['alice/blank-slate', 'alice/hello-world', 'alice/sample-game']);
    expect(await names(bob)).toEqual(['alice/blank-slate', 'alice/hello-world', 'alice/sample-game']);
    expect(await names(carol)).toEqual(['alice/blank-slate', 'alice/sample-game']);
    expect(await names(dave)).toEqual([]);
    const sample = (await carol.rest.repos.listForAuthenticatedUser()).data.find((r) => r.name === 'sample-game');
    expect(sample?.permissions).toEqual({ admin: false, maintain: false, push: false, triage: false, pull: true });
  });

  it('GET /user/installations', async () => {
    const { data } = await alice.rest.apps.listInstallationsForAuthenticatedUser();
    expect(data.total_count).toBe(1);
    expect(data.installations[0]).toMatchObject({ id: 31001, app_slug: 'webedt-local', account: { login: 'alice' } });
  });
});

describe('repositories', () => {
  it('GET /repos/:o/:r with permissions per access level; none → 404', async () => {
    const perms = async (o: Octokit) => (await o.rest.repos.get(repo)).data.permissions;
    expect(await perms(alice)).toEqual({ admin: true, maintain: true, push: true, triage: true, pull: true });
    expect(await perms(bob)).toEqual({ admin: false, maintain: false, push: true, triage: true, pull: true });
    expect(await perms(carol)).toEqual({ admin: false, maintain: false, push: false, triage: false, pull: true });
    const hidden = await rejection(dave.rest.repos.get(repo));
    expect(hidden.status).toBe(404);
    expect(hidden.response?.data).toEqual({
      message: 'Not Found',
      documentation_url: 'https://docs.github.com/rest/repos/repos#get-a-repository',
      status: '404',
    });
    expect((await rejection(anonymous.rest.repos.get(repo))).status).toBe(404);
    const { data: pub } = await anonymous.rest.repos.get({ owner: 'alice', repo: 'hello-world' });
    expect(pub).toMatchObject({ private: false, default_branch: 'main', visibility: 'public' });
    expect(pub.permissions).toBeUndefined();
    const { data } = await alice.rest.repos.get(repo);
    expect(data).toMatchObject({ private: true, full_name: 'alice/sample-game', clone_url: `${gh.url}/alice/sample-game.git` });
  });

  it('unknown routes → 404 in GitHub’s shape', async () => {
    const response = await fetch(`${gh.apiUrl}/no/such/route`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' });
  });

  it('branches: list and single', async () => {
    const { data: list } = await carol.rest.repos.listBranches(repo);
    expect(list.map((b) => b.name)).toEqual(['develop', 'main']);
    const { data: develop } = await carol.rest.repos.getBranch({ ...repo, branch: 'develop' });
    expect(develop.commit.sha).toBe(list[0]?.commit.sha);
    expect(develop.commit.commit.message).toBe('Add level 2 (work in progress)');
    expect(develop.commit.parents).toHaveLength(1);
    expect((await rejection(carol.rest.repos.getBranch({ ...repo, branch: 'nope' }))).status).toBe(404);
  });

  it('compare base...head with commits and files', async () => {
    const { data } = await carol.rest.repos.compareCommitsWithBasehead({ ...repo, basehead: 'main...develop' });
    expect(data).toMatchObject({ status: 'ahead', ahead_by: 1, behind_by: 0, total_commits: 1 });
    expect(data.commits.map((c) => c.commit.message)).toEqual(['Add level 2 (work in progress)']);
    const files = Object.fromEntries((data.files ?? []).map((f) => [f.filename, f.status]));
    expect(files['scenes/level2.scene.json']).toBe('added');
    expect(files['README.md']).toBe('modified');
    expect(data.files?.find((f) => f.filename === 'README.md')?.patch).toMatch(/^@@ /);
    const back = await carol.rest.repos.compareCommitsWithBasehead({ ...repo, basehead: 'develop...main' });
    expect(back.data).toMatchObject({ status: 'behind', ahead_by: 0, behind_by: 1 });
  });

  it('contents: directory, file (base64) and raw media type; the sample has code, images, sounds and a scene', async () => {
    const { data: root } = await carol.rest.repos.getContent({ ...repo, path: '' });
    expect(Array.isArray(root)).toBe(true);
    const rootNames = (root as { name: string; type: string }[]).map((e) => `${e.type}:${e.name}`);
    expect(rootNames).toEqual(expect.arrayContaining(['file:README.md', 'dir:src', 'dir:assets', 'dir:scenes']));

    const tree = (await carol.rest.git.getTree({ ...repo, tree_sha: 'main', recursive: '1' })).data.tree.map((e) => e.path ?? '');
    expect(tree.some((p) => /^src\/.+\.(ts|js|lua|cs)$/.test(p))).toBe(true);
    expect(tree.some((p) => /\.png$/.test(p))).toBe(true);
    expect(tree.some((p) => /\.(wav|ogg)$/.test(p))).toBe(true);
    expect(tree).toContain('scenes/level1.scene.json');

    const { data: file } = await carol.rest.repos.getContent({ ...repo, path: 'scenes/level1.scene.json' });
    if (Array.isArray(file) || file.type !== 'file') throw new Error('expected a file');
    const scene: unknown = JSON.parse(Buffer.from(file.content, 'base64').toString('utf8'));
    expect(scene).toBeTypeOf('object');

    const png = await carol.request('GET /repos/{owner}/{repo}/contents/{path}', {
      ...repo,
      path: 'assets/images/player.png',
      mediaType: { format: 'raw' },
      request: { parseSuccessResponseBody: false },
    });
    const bytes = Buffer.from(await new Response(png.data as unknown as ReadableStream).arrayBuffer());
    expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));

    const readme = await fetch(`${gh.apiUrl}/repos/alice/hello-world/contents/README.md`, {
      headers: { accept: 'application/vnd.github.raw' },
    });
    expect(readme.headers.get('content-type')).toContain('application/vnd.github.raw');
    expect(await readme.text()).toMatch(/^# /);

    const wav = (await carol.rest.git.getTree({ ...repo, tree_sha: 'main', recursive: '1' })).data.tree.find((e) => e.path?.endsWith('.wav'));
    const { data: blob } = await carol.rest.git.getBlob({ ...repo, file_sha: wav?.sha ?? '' });
    expect(Buffer.from(blob.content, 'base64').subarray(0, 4).toString()).toBe('RIFF');
    expect((await rejection(carol.rest.repos.getContent({ ...repo, path: 'missing.txt' }))).status).toBe(404);
  });

  it('tarball: 302 to an archive URL on the emulator serving a tar.gz from git archive', async () => {
    const token = await gh.token('carol');
    const redirect = await fetch(`${gh.apiUrl}/repos/alice/sample-game/tarball/main`, {
      redirect: 'manual',
      headers: { authorization: `token ${token}` },
    });
    expect(redirect.status).toBe(302);
    const location = redirect.headers.get('location') ?? '';
    expect(location.startsWith(`${gh.url}/`)).toBe(true);
    expect(location).toContain('/legacy.tar.gz/refs/heads/main');

    const { data, status } = await carol.rest.repos.downloadTarballArchive({ ...repo, ref: 'main' });
    expect(status).toBe(200);
    const file = path.join(gh.tmp, 'sample.tar.gz');
    await writeFile(file, Buffer.from(data as ArrayBuffer));
    const { stdout } = await promisify(execFile)('tar', ['-tzf', file]);
    expect(stdout).toMatch(/^alice-sample-game-[0-9a-f]{7}\/README\.md$/m);
    expect(stdout).toMatch(/assets\/sounds\/jump\.wav$/m);
    expect((await rejection(dave.rest.repos.downloadTarballArchive({ ...repo, ref: 'main' }))).status).toBe(404);
  });
});

describe('git data', () => {
  it('refs: get, create, fast-forward update, non-fast-forward 422, force, existing → 422, delete', async () => {
    const { data: main } = await bob.rest.git.getRef({ ...repo, ref: 'heads/main' });
    const { data: develop } = await bob.rest.git.getRef({ ...repo, ref: 'heads/develop' });
    expect(main).toMatchObject({ ref: 'refs/heads/main', object: { type: 'commit' } });

    const { data: created, status } = await bob.rest.git.createRef({ ...repo, ref: 'refs/heads/feature-x', sha: main.object.sha });
    expect(status).toBe(201);
    expect(created.object.sha).toBe(main.object.sha);
    const exists = await rejection(bob.rest.git.createRef({ ...repo, ref: 'refs/heads/feature-x', sha: main.object.sha }));
    expect(exists.status).toBe(422);
    expect(exists.response?.data).toMatchObject({ message: 'Reference already exists' });

    // main → develop is a fast-forward.
    const ff = await bob.rest.git.updateRef({ ...repo, ref: 'heads/feature-x', sha: develop.object.sha });
    expect(ff.data.object.sha).toBe(develop.object.sha);

    const nonFf = await rejection(bob.rest.git.updateRef({ ...repo, ref: 'heads/feature-x', sha: main.object.sha }));
    expect(nonFf.status).toBe(422);
    expect(nonFf.response?.data).toEqual({
      message: 'Update is not a fast forward',
      documentation_url: 'https://docs.github.com/rest/git/refs#update-a-reference',
      status: '422',
    });
    const forced = await bob.rest.git.updateRef({ ...repo, ref: 'heads/feature-x', sha: main.object.sha, force: true });
    expect(forced.data.object.sha).toBe(main.object.sha);

    const { data: matching } = await bob.rest.git.listMatchingRefs({ ...repo, ref: 'heads/feature' });
    expect(matching.map((r) => r.ref)).toEqual(['refs/heads/feature-x']);
    expect((await bob.rest.git.deleteRef({ ...repo, ref: 'heads/feature-x' })).status).toBe(204);
    expect((await rejection(bob.rest.git.getRef({ ...repo, ref: 'heads/feature-x' }))).status).toBe(404);
  });

  it('write access is required: read-only carol gets 403, dave 404', async () => {
    const { data: main } = await carol.rest.git.getRef({ ...repo, ref: 'heads/main' });
    expect(await statusOf(carol.rest.git.createRef({ ...repo, ref: 'refs/heads/c', sha: main.object.sha }))).toBe(403);
    expect(await statusOf(dave.rest.git.createRef({ ...repo, ref: 'refs/heads/d', sha: main.object.sha }))).toBe(404);
  });

  it('blob → tree (inline content, deletion, base_tree) → commit → ref update → read back', async () => {
    const { data: main } = await bob.rest.git.getRef({ ...repo, ref: 'heads/main' });
    const { data: parent } = await bob.rest.git.getCommit({ ...repo, commit_sha: main.object.sha });

    const { data: blob } = await bob.rest.git.createBlob({ ...repo, content: Buffer.from([0, 1, 2, 255]).toString('base64'), encoding: 'base64' });
    const { data: textBlob } = await bob.rest.git.createBlob({ ...repo, content: 'héllo\n', encoding: 'utf-8' });
    expect(blob.sha).toMatch(/^[0-9a-f]{40}$/);
    expect((await bob.rest.git.getBlob({ ...repo, file_sha: textBlob.sha })).data).toMatchObject({
      encoding: 'base64',
      size: Buffer.byteLength('héllo\n'),
    });

    const { data: tree } = await bob.rest.git.createTree({
      ...repo,
      base_tree: parent.tree.sha,
      tree: [
        { path: 'data/bytes.bin', mode: '100644', type: 'blob', sha: blob.sha },
        { path: 'notes/hello.txt', mode: '100644', type: 'blob', content: 'inline content\n' },
        { path: 'index.html', mode: '100644', type: 'blob', sha: null },
      ],
    });
    const { data: commit } = await bob.rest.git.createCommit({ ...repo, message: 'Add files via the Git Data API', tree: tree.sha, parents: [parent.sha] });
    expect(commit).toMatchObject({ message: 'Add files via the Git Data API', tree: { sha: tree.sha }, parents: [{ sha: parent.sha }] });
    expect(commit.author).toMatchObject({ name: 'Bob Brown', email: 'bob@example.com' });

    await bob.rest.git.createRef({ ...repo, ref: 'refs/heads/api-commit', sha: commit.sha });
    const { data: full } = await bob.rest.git.getTree({ ...repo, tree_sha: commit.sha, recursive: '1' });
    const paths = full.tree.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['data', 'data/bytes.bin', 'notes/hello.txt', 'README.md']));
    expect(paths).not.toContain('index.html');

    const { data: content } = await bob.rest.repos.getContent({ ...repo, path: 'notes/hello.txt', ref: 'api-commit' });
    if (Array.isArray(content) || content.type !== 'file') throw new Error('expected a file');
    expect(Buffer.from(content.content, 'base64').toString()).toBe('inline content\n');
    const { data: bytes } = await bob.rest.repos.getContent({ ...repo, path: 'data/bytes.bin', ref: 'api-commit' });
    if (Array.isArray(bytes) || bytes.type !== 'file') throw new Error('expected a file');
    expect(Buffer.from(bytes.content, 'base64')).toEqual(Buffer.from([0, 1, 2, 255]));

    const { data: listed } = await bob.rest.repos.listCommits({ ...repo, sha: 'api-commit', per_page: 1 });
    expect(listed[0]?.sha).toBe(commit.sha);
    const { data: single } = await bob.rest.repos.getCommit({ ...repo, ref: commit.sha });
    expect(single.files?.map((f) => [f.filename, f.status]).sort()).toEqual([
      ['data/bytes.bin', 'added'],
      ['index.html', 'removed'],
      ['notes/hello.txt', 'added'],
    ]);
  });

  it('PUT contents creates a commit on a branch and needs the sha to update', async () => {
    const { data: created, status } = await bob.rest.repos.createOrUpdateFileContents({
      ...repo,
      path: 'docs/new.md',
      message: 'Add docs',
      content: Buffer.from('# Docs\n').toString('base64'),
      branch: 'develop',
    });
    expect(status).toBe(201);
    expect(created.content?.path).toBe('docs/new.md');
    const missingSha = await rejection(
      bob.rest.repos.createOrUpdateFileContents({ ...repo, path: 'docs/new.md', message: 'x', content: '', branch: 'develop' }),
    );
    expect(missingSha.status).toBe(422);
    const { status: updated } = await bob.rest.repos.createOrUpdateFileContents({
      ...repo,
      path: 'docs/new.md',
      message: 'Update docs',
      content: Buffer.from('# Docs v2\n').toString('base64'),
      sha: created.content?.sha ?? '',
      branch: 'develop',
    });
    expect(updated).toBe(200);
    const { data: branch } = await bob.rest.repos.getBranch({ ...repo, branch: 'develop' });
    expect(branch.commit.commit.message).toBe('Update docs');
  });
});

describe('an empty repository', () => {
  const blank = { owner: 'alice', repo: 'blank-slate' };

  it('answers 409 "Git Repository is empty." on git endpoints and 404 on contents; no branches', async () => {
    const empty = { status: 409, response: { data: { message: 'Git Repository is empty.' } } };
    expect(await rejection(alice.rest.git.getRef({ ...blank, ref: 'heads/main' }))).toMatchObject(empty);
    expect(await rejection(alice.rest.git.listMatchingRefs({ ...blank, ref: 'heads/' }))).toMatchObject(empty);
    expect(await rejection(alice.rest.git.getTree({ ...blank, tree_sha: 'main' }))).toMatchObject(empty);
    expect(await rejection(alice.rest.git.createBlob({ ...blank, content: 'x' }))).toMatchObject(empty);
    expect(await rejection(alice.rest.repos.listCommits(blank))).toMatchObject(empty);
    expect(await rejection(alice.rest.repos.getContent({ ...blank, path: '' }))).toMatchObject({
      status: 404,
      response: { data: { message: 'This repository is empty.' } },
    });
    expect((await alice.rest.repos.listBranches(blank)).data).toEqual([]);
    // Access is checked first, as on any repository.
    expect(await statusOf(dave.rest.git.getRef({ ...blank, ref: 'heads/main' }))).toBe(404);
    expect((await rejection(carol.rest.git.createBlob({ ...blank, content: 'x' }))).status).toBe(403);
  });

  it('takes its first commit, without a parent, through PUT contents; then the git endpoints work', async () => {
    const { data, status } = await bob.rest.repos.createOrUpdateFileContents({
      ...blank,
      path: 'README.md',
      message: 'Initial commit',
      content: Buffer.from('# Blank slate\n').toString('base64'),
      branch: 'main',
    });
    expect(status).toBe(201);
    expect(data.commit.parents).toEqual([]);
    expect((await bob.rest.git.getRef({ ...blank, ref: 'heads/main' })).data.object.sha).toBe(data.commit.sha);
    const { data: tree } = await bob.rest.git.getTree({ ...blank, tree_sha: 'main', recursive: '1' });
    expect(tree.tree.map((entry) => entry.path)).toEqual(['README.md']);
  });
});

describe('pull requests', () => {
  it('create, list, get; validation errors are 422', async () => {
    const { data: created, status } = await bob.rest.pulls.create({ ...repo, title: 'Level 2', head: 'develop', base: 'main', body: 'WIP' });
    expect(status).toBe(201);
    // Numbered after the repository's four seeded issues: they share one sequence.
    expect(created).toMatchObject({ number: 5, state: 'open', title: 'Level 2', head: { ref: 'develop' }, base: { ref: 'main' }, user: { login: 'bob' } });
    expect(created.commits).toBeGreaterThanOrEqual(1);
    const { data: list } = await carol.rest.pulls.list(repo);
    expect(list.map((p) => p.number)).toEqual([5]);
    const { data: got } = await carol.rest.pulls.get({ ...repo, pull_number: 5 });
    expect(got.head.sha).toBe((await carol.rest.repos.getBranch({ ...repo, branch: 'develop' })).data.commit.sha);
    const duplicate = await rejection(bob.rest.pulls.create({ ...repo, title: 'Again', head: 'develop', base: 'main' }));
    expect(duplicate.status).toBe(422);
    expect(duplicate.response?.data).toMatchObject({ message: 'Validation Failed' });
    expect(await statusOf(bob.rest.pulls.create({ ...repo, title: 'x', head: 'nope', base: 'main' }))).toBe(422);
    expect(await statusOf(carol.rest.pulls.get({ ...repo, pull_number: 99 }))).toBe(404);
  });
});

describe('HTTP semantics', () => {
  it('ETag on GET; If-None-Match → 304 without spending rate limit', async () => {
    const token = await gh.token('alice');
    const url = `${gh.apiUrl}/repos/alice/sample-game/branches`;
    const first = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^W\/"[0-9a-f]{64}"$/);
    const second = await fetch(url, { headers: { authorization: `Bearer ${token}`, 'if-none-match': etag ?? '' } });
    expect(second.status).toBe(304);
    expect(second.headers.get('x-ratelimit-remaining')).toBe(first.headers.get('x-ratelimit-remaining'));
    // The ETag varies with Accept (like GitHub's `Vary: Accept`), so Octokit revalidates with its own.
    const fresh = await alice.request('GET /repos/{owner}/{repo}/branches', repo);
    const notModified = await rejection(
      alice.request('GET /repos/{owner}/{repo}/branches', { ...repo, headers: { 'if-none-match': fresh.headers.etag ?? '' } }),
    );
    expect(notModified.status).toBe(304);
  });

  it('x-ratelimit-* headers count down per identity', async () => {
    const octokit = gh.octokit(await gh.token('dave'));
    const a = await octokit.rest.users.getAuthenticated();
    const b = await octokit.rest.users.getAuthenticated();
    expect(a.headers['x-ratelimit-limit']).toBe('5000');
    expect(a.headers['x-ratelimit-resource']).toBe('core');
    expect(Number(a.headers['x-ratelimit-reset'])).toBeGreaterThan(Date.now() / 1000);
    expect(Number(b.headers['x-ratelimit-remaining'])).toBe(Number(a.headers['x-ratelimit-remaining']) - 1);
    expect(Number(b.headers['x-ratelimit-used'])).toBe(Number(a.headers['x-ratelimit-used']) + 1);
    const anon = await anonymous.rest.repos.get({ owner: 'alice', repo: 'hello-world' });
    expect(anon.headers['x-ratelimit-limit']).toBe('60');
  });
});
