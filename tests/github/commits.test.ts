import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GitHubEmulatorControl } from '@/emulators/github/control';
import { upsertGitHubUser } from '@/lib/auth/tokens';
import { AppError } from '@/lib/errors';
import { commitChanges, type CommitResult, type FileChange } from '@/lib/github/commits';
import { tokensFromResponse } from '@/lib/github/oauth';
import { createOctokit, type GitHubClient } from '@/lib/github/octokit';
import { branchHead, createBranch } from '@/lib/github/repos';
import { commitToBranch } from '@/lib/workspace/commit';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startTestGitHub, type TestGitHub } from '../support/github';

let github: TestGitHub;
let control: GitHubEmulatorControl;
let database: TestDatabase;
let alice: GitHubClient;
let bob: GitHubClient;
let aliceId: string;
let gitDir: string;

const owner = 'alice';
const repo = 'sample-game';

const git = (...args: string[]) => execFileSync('git', ['--git-dir', gitDir, ...args], { maxBuffer: 64 * 1024 * 1024 });
const gitText = (...args: string[]) => git(...args).toString('utf8').trim();

let branchCount = 0;
/** A fresh branch off main for one test, and its head. */
async function freshBranch(): Promise<{ branch: string; head: string }> {
  const branch = `test/commits-${++branchCount}-${randomBytes(3).toString('hex')}`;
  const { sha } = await createBranch(alice, { owner, repo, baseBranch: 'main', newBranch: branch });
  return { branch, head: sha };
}

/** Someone else commits one file to the branch, as GitHub's web editor would. */
async function bobCommits(branch: string, filePath: string, text: string): Promise<string> {
  const [entry] = gitText('ls-tree', `refs/heads/${branch}`, '--', filePath).split('\n').filter(Boolean);
  const sha = entry?.split(/\s+/)[2];
  const { data } = await bob.rest.repos.createOrUpdateFileContents({
    owner,
    repo,
    path: filePath,
    branch,
    message: `bob edits ${filePath}`,
    content: Buffer.from(text).toString('base64'),
    ...(sha ? { sha } : {}),
  });
  return data.commit.sha!;
}

function committed(result: CommitResult) {
  if (result.status !== 'committed') throw new Error(`expected a commit, got ${JSON.stringify(result)}`);
  return result;
}

async function apiCallsDuring(run: () => Promise<unknown>): Promise<Array<{ method: string; path: string; status: number }>> {
  const { lastSeq } = await control.requests();
  await run();
  const { requests } = await control.requests(lastSeq);
  return requests.filter((request) => request.kind === 'api').map(({ method, path, status }) => ({ method, path, status }));
}

beforeAll(async () => {
  github = await startTestGitHub();
  control = new GitHubEmulatorControl(github.url);
  database = await createTestDatabase();
  gitDir = path.join(github.dataDir, 'repos', owner, `${repo}.git`);
  const aliceTokens = await github.signIn('alice');
  alice = createOctokit({ token: aliceTokens.access_token, cacheKey: 'alice' });
  bob = createOctokit({ token: (await github.signIn('bob')).access_token, cacheKey: 'bob' });
  const profile = await alice.rest.users.getAuthenticated();
  aliceId = await upsertGitHubUser(database.db, profile.data, tokensFromResponse(aliceTokens));
});

afterAll(async () => {
  await database?.drop();
  await github?.close();
});

describe('commitChanges', () => {
  it('writes edits, a creation, a deletion and a rename as exactly one commit', async () => {
    const { branch, head } = await freshBranch();
    const result = committed(
      await commitChanges(alice, {
        owner,
        repo,
        branch,
        expectedHeadSha: head,
        message: 'Edit, create, delete, rename',
        changes: [
          { path: 'src/main.ts', content: 'export const edited = true;\n' },
          { path: 'src/game.js', content: 'console.log("edited");\n' },
          { path: 'src/new/module.ts', content: 'export {};\n' },
          { path: 'tools/build_atlas.py', delete: true },
          { path: 'assets/images/hero.png', from: 'assets/images/player.png' },
        ],
      }),
    );
    expect(result).toMatchObject({ parentSha: head, rebased: false });
    expect(result.files).toEqual([
      { path: 'src/main.ts', change: 'edit' },
      { path: 'src/game.js', change: 'edit' },
      { path: 'src/new/module.ts', change: 'create' },
      { path: 'tools/build_atlas.py', change: 'delete' },
      { path: 'assets/images/hero.png', change: 'rename', from: 'assets/images/player.png' },
    ]);
    expect(gitText('rev-parse', `refs/heads/${branch}`)).toBe(result.sha);
    expect(gitText('rev-list', '--count', `${head}..${result.sha}`)).toBe('1');
    expect(gitText('diff', '--name-status', '--no-renames', head, result.sha).split('\n').sort()).toEqual([
      'A\tassets/images/hero.png',
      'A\tsrc/new/module.ts',
      'D\tassets/images/player.png',
      'D\ttools/build_atlas.py',
      'M\tsrc/game.js',
      'M\tsrc/main.ts',
    ]);
    expect(gitText('rev-parse', `${result.sha}:assets/images/hero.png`)).toBe(gitText('rev-parse', `${head}:assets/images/player.png`));
    expect(gitText('show', `${result.sha}:src/main.ts`)).toBe('export const edited = true;');
    expect(gitText('log', '-1', '--format=%an <%ae>|%s', result.sha)).toBe('Alice Anderson <alice@example.com>|Edit, create, delete, rename');
  });

  it('makes the same number of GitHub calls for 1 and for 40 text files', async () => {
    const counts: number[] = [];
    for (const n of [1, 40]) {
      const { branch, head } = await freshBranch();
      const changes = Array.from({ length: n }, (_, i) => ({ path: `generated/file-${i}.txt`, content: `file ${i}\n` }));
      const calls = await apiCallsDuring(() => commitChanges(alice, { owner, repo, branch, expectedHeadSha: head, message: `${n} files`, changes }));
      expect(calls.map((call) => `${call.method} ${decodeURIComponent(call.path).replace(/\/api\/v3\/repos\/alice\/sample-game/, '')}`).sort()).toEqual(
        [
          `GET /git/ref/heads/${branch}`,
          `GET /git/trees/${head}`,
          'PATCH /git/refs/heads/' + branch,
          'POST /git/commits',
          'POST /git/trees',
        ].sort(),
      );
      counts.push(calls.length);
      expect(Number(gitText('ls-tree', '-r', '--name-only', `refs/heads/${branch}`, '--', 'generated').split('\n').length)).toBe(n);
    }
    expect(counts[0]).toBe(counts[1]);
  });

  it('round-trips bytes exactly: CRLF, no trailing newline, unicode, BOM, NUL, invalid UTF-8, large text and binary', async () => {
    const { branch, head } = await freshBranch();
    const largeText = Array.from({ length: 60_000 }, (_, i) => `line ${i}: ${'é✓'.repeat(i % 7)}\r\n`).join('');
    const cases: Record<string, string | Uint8Array> = {
      'rt/crlf.txt': 'first\r\nsecond\r\nthird\r\n',
      'rt/mixed-endings.txt': 'a\r\nb\nc\rd',
      'rt/no-newline.lua': 'print("no newline at end")',
      'rt/unicode.md': '# Ünïcödé ブランチ 🎮 e\u0301 \u200d👩‍💻\n',
      'rt/bom.cs': '\uFEFFusing System;\r\n',
      'rt/nul.txt': 'before\0after',
      'rt/utf8-bytes.json': new TextEncoder().encode('{"name":"café"}\n'),
      'rt/invalid-utf8.bin': Uint8Array.from([0xff, 0xfe, 0x41, 0xc3, 0x28, 0x0a]),
      'rt/large.txt': largeText,
      'rt/large.bin': new Uint8Array(randomBytes(1_500_000)),
    };
    const changes = Object.entries(cases).map(([filePath, content]): FileChange => ({ path: filePath, content }));
    let result: CommitResult | undefined;
    const calls = await apiCallsDuring(async () => {
      result = await commitChanges(alice, { owner, repo, branch, expectedHeadSha: head, message: 'Round trip', changes });
    });
    const { sha } = committed(result!);
    for (const [filePath, content] of Object.entries(cases)) {
      const expected = typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content);
      expect(git('cat-file', 'blob', `${sha}:${filePath}`).equals(expected), filePath).toBe(true);
    }
    // Only what cannot travel as inline UTF-8 text became a blob: BOM, NUL, invalid UTF-8, random bytes.
    expect(calls.filter((call) => call.method === 'POST' && call.path.endsWith('/git/blobs'))).toHaveLength(4);
  });

  it('keeps a file mode (executable) when the file is edited or renamed', async () => {
    const { branch, head } = await freshBranch();
    const first = committed(
      await commitChanges(alice, { owner, repo, branch, expectedHeadSha: head, message: 'Add script', changes: [{ path: 'run.sh', content: '#!/bin/sh\n', mode: '100755' }] }),
    );
    const second = committed(
      await commitChanges(alice, {
        owner,
        repo,
        branch,
        expectedHeadSha: first.sha,
        message: 'Edit and move',
        changes: [{ path: 'bin/run.sh', from: 'run.sh', content: '#!/bin/sh\necho hi\n' }],
      }),
    );
    expect(gitText('ls-tree', second.sha, '--', 'bin/run.sh')).toMatch(/^100755 blob /);
  });

  it('rebases onto a branch that moved when nobody touched the staged files', async () => {
    const { branch, head } = await freshBranch();
    const theirs = await bobCommits(branch, 'README.md', '# Changed by bob\n');
    const result = committed(
      await commitChanges(alice, { owner, repo, branch, expectedHeadSha: head, message: 'Alice edits main.ts', changes: [{ path: 'src/main.ts', content: 'alice\n' }] }),
    );
    expect(result).toMatchObject({ rebased: true, parentSha: theirs });
    expect(gitText('rev-parse', `${result.sha}^`)).toBe(theirs);
    expect(gitText('show', `${result.sha}:README.md`)).toBe('# Changed by bob');
    expect(gitText('show', `${result.sha}:src/main.ts`)).toBe('alice');
  });

  it('rebases when the ref update is refused as not a fast forward (a commit lands mid-way)', async () => {
    const { branch, head } = await freshBranch();
    await control.latency({ ms: 800, pathPattern: '/git/commits$' });
    try {
      const { lastSeq } = await control.requests();
      const pending = commitChanges(alice, { owner, repo, branch, expectedHeadSha: head, message: 'Racing', changes: [{ path: 'src/style.css', content: 'body{}\n' }] });
      // Once alice's tree exists her commit call is being delayed: bob's commit lands in between.
      for (;;) {
        const { requests } = await control.requests(lastSeq);
        if (requests.some((request) => request.method === 'POST' && request.path.endsWith('/git/trees'))) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const theirs = await bobCommits(branch, 'README.md', 'bob was first\n');
      await control.latency({ ms: 0, pathPattern: '/git/commits$' });
      const result = committed(await pending);
      expect(result).toMatchObject({ rebased: true, parentSha: theirs });
      const { requests } = await control.requests(lastSeq);
      expect(requests.filter((request) => request.method === 'PATCH').map((request) => request.status)).toEqual([422, 200]);
      expect(gitText('show', `${result.sha}:README.md`)).toBe('bob was first');
    } finally {
      await control.latency({ ms: 0, pathPattern: '/git/commits$' });
    }
  });

  it('reports a conflict, and writes nothing, when someone else changed a staged file', async () => {
    const { branch, head } = await freshBranch();
    const baseEntry = gitText('rev-parse', `${head}:src/main.ts`);
    const theirs = await bobCommits(branch, 'src/main.ts', 'bob\n');
    const result = await commitChanges(alice, {
      owner,
      repo,
      branch,
      expectedHeadSha: head,
      message: 'Alice edits main.ts and game.js',
      changes: [
        { path: 'src/main.ts', content: 'alice\n' },
        { path: 'src/game.js', content: 'untouched by bob\n' },
      ],
    });
    expect(result).toEqual({
      status: 'conflict',
      headSha: theirs,
      conflicts: [
        {
          path: 'src/main.ts',
          base: { sha: baseEntry, mode: '100644', type: 'blob' },
          theirs: { sha: gitText('rev-parse', `${theirs}:src/main.ts`), mode: '100644', type: 'blob' },
        },
      ],
    });
    expect(gitText('rev-parse', `refs/heads/${branch}`)).toBe(theirs);
  });

  it('sees deletions, same-name creations and renamed-away sources as conflicts', async () => {
    const { branch, head } = await freshBranch();
    const theirs = committed(
      await commitChanges(bob, {
        owner,
        repo,
        branch,
        expectedHeadSha: head,
        message: 'bob reshuffles',
        changes: [{ path: 'src/player.lua', delete: true }, { path: 'notes.md', content: 'bob\n' }, { path: 'src/Enemy.cs', content: '// bob\n' }],
      }),
    );
    const result = await commitChanges(alice, {
      owner,
      repo,
      branch,
      expectedHeadSha: head,
      message: 'alice',
      changes: [
        { path: 'src/player.lua', content: 'edited\n' },
        { path: 'notes.md', content: 'alice\n' },
        { path: 'src/Foe.cs', from: 'src/Enemy.cs' },
        { path: 'index.html', content: '<p>fine</p>\n' },
      ],
    });
    expect(result.status).toBe('conflict');
    if (result.status !== 'conflict') return;
    expect(result.headSha).toBe(theirs.sha);
    expect(result.conflicts.map((conflict) => [conflict.path, conflict.base?.type ?? null, conflict.theirs?.type ?? null])).toEqual([
      ['src/player.lua', 'blob', null],
      ['notes.md', null, 'blob'],
      ['src/Foe.cs', null, null],
    ]);
  });

  it('refuses bad paths and impossible changes before calling GitHub', async () => {
    const { branch, head } = await freshBranch();
    const attempt = (changes: FileChange[], message = 'x') => commitChanges(alice, { owner, repo, branch, expectedHeadSha: head, message, changes });
    const { lastSeq } = await control.requests();
    for (const bad of ['../escape.txt', '/etc/passwd', 'a/\0b', '.git/config', 'src/.GIT/hooks/x', 'a/../../b', '']) {
      await expect(attempt([{ path: bad, content: 'x' }])).rejects.toMatchObject({ code: 'validation_failed' });
    }
    await expect(attempt([{ path: 'a.txt', content: '1' }, { path: './a.txt', content: '2' }])).rejects.toThrow(/more than one change/);
    await expect(attempt([{ path: 'a.txt', content: '1' }], '   ')).rejects.toThrow(/message is required/);
    await expect(attempt([])).rejects.toThrow(/no changes/);
    expect((await control.requests(lastSeq)).requests).toHaveLength(0);

    await expect(attempt([{ path: 'missing.txt', delete: true }])).rejects.toMatchObject({ code: 'not_found' });
    await expect(attempt([{ path: 'src', content: 'x' }])).rejects.toThrow(/is a folder/);
    await expect(attempt([{ path: 'README.md/inside.txt', content: 'x' }])).rejects.toThrow(/is a file/);
    await expect(attempt([{ path: 'src/main.ts', from: 'src/game.js' }])).rejects.toThrow(/already exists/);
    const error = await attempt([{ path: 'missing.txt', delete: true }]).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect(gitText('rev-parse', `refs/heads/${branch}`)).toBe(head);
  });

  it('normalizes paths (./a//b → a/b) and lets a new file take a renamed file’s name', async () => {
    const { branch, head } = await freshBranch();
    const result = committed(
      await commitChanges(alice, {
        owner,
        repo,
        branch,
        expectedHeadSha: head,
        message: 'Swap',
        changes: [
          { path: './src//lua/player.lua', from: 'src/player.lua' },
          { path: 'src/player.lua', content: '-- replacement\n' },
        ],
      }),
    );
    expect(result.files).toEqual([
      { path: 'src/lua/player.lua', change: 'rename', from: 'src/player.lua' },
      { path: 'src/player.lua', change: 'edit' },
    ]);
    expect(gitText('show', `${result.sha}:src/player.lua`)).toBe('-- replacement');
    expect(gitText('rev-parse', `${result.sha}:src/lua/player.lua`)).toBe(gitText('rev-parse', `${head}:src/player.lua`));
  });
});

describe('commitToBranch', () => {
  it('logs one workspace event for the commit: its message, sha and what happened to each file', async () => {
    const { branch, head } = await freshBranch();
    const result = committed(
      await commitToBranch(database.db, alice, aliceId, {
        owner,
        repo,
        branch,
        page: 'code',
        expectedHeadSha: head,
        message: '  Events\n\nwith a body  ',
        changes: [
          { path: 'src/main.ts', content: 'x\n' },
          { path: 'docs/new.md', content: 'y\n' },
          { path: 'index.html', delete: true },
          { path: 'src/lua.lua', from: 'src/player.lua' },
        ],
      }),
    );
    const rows = await database.db
      .selectFrom('workspace_events')
      .select(['event_type', 'path', 'page', 'payload', 'user_id'])
      .where('branch', '=', branch)
      .orderBy('id')
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ event_type: 'commit', path: 'src/main.ts', page: 'code', user_id: aliceId });
    expect(rows[0]!.payload).toEqual({
      sha: result.sha,
      message: 'Events',
      files: [
        { path: 'src/main.ts', change: 'edit' },
        { path: 'docs/new.md', change: 'create' },
        { path: 'index.html', change: 'delete' },
        { path: 'src/lua.lua', change: 'rename', from: 'src/player.lua' },
      ],
    });
  });

  it('logs nothing when the commit ends in a conflict', async () => {
    const { branch, head } = await freshBranch();
    await bobCommits(branch, 'src/main.ts', 'bob\n');
    const result = await commitToBranch(database.db, alice, aliceId, {
      owner,
      repo,
      branch,
      page: 'code',
      expectedHeadSha: head,
      message: 'conflicting',
      changes: [{ path: 'src/main.ts', content: 'alice\n' }],
    });
    expect(result.status).toBe('conflict');
    const rows = await database.db.selectFrom('workspace_events').select('id').where('branch', '=', branch).execute();
    expect(rows).toHaveLength(0);
    expect(await branchHead(alice, owner, repo, branch)).not.toBe(head);
  });
});
