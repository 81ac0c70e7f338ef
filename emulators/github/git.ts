/** Thin wrappers around the git CLI operating on one bare repository. */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export const ZERO_SHA = '0000000000000000000000000000000000000000';

/** Keeps the user's and the machine's git configuration (signing, hooks, default branch) out of the emulator. */
export const GIT_BASE_ENV: Record<string, string> = {
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: os.devNull,
  GIT_TERMINAL_PROMPT: '0',
};

export class GitError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
    readonly stderr: string,
  ) {
    super(message);
  }
}

export interface GitRunOptions {
  input?: Buffer | string;
  env?: Record<string, string>;
  /** Exit codes that are answers rather than failures (e.g. 1 for `merge-base --is-ancestor`). */
  okCodes?: number[];
}

export function runGit(args: string[], options: GitRunOptions = {}): Promise<{ stdout: Buffer; code: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, {
      env: { ...process.env, ...GIT_BASE_ENV, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', reject);
    child.on('close', (code) => {
      const exit = code ?? -1;
      const stderr = Buffer.concat(err).toString('utf8');
      if (exit === 0 || options.okCodes?.includes(exit)) resolve({ stdout: Buffer.concat(out), code: exit });
      else reject(new GitError(`git ${args.join(' ')} failed (${exit}): ${stderr.trim()}`, exit, stderr));
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
}

export interface Person {
  name: string;
  email: string;
  /** Seconds since the epoch. */
  time: number;
  tz: string;
}

export interface CommitObject {
  sha: string;
  tree: string;
  parents: string[];
  author: Person;
  committer: Person;
  message: string;
  signature: string | null;
}

export interface TreeEntry {
  mode: string;
  type: 'blob' | 'tree' | 'commit';
  sha: string;
  size: number | null;
  path: string;
}

export interface RefEntry {
  ref: string;
  sha: string;
  type: string;
}

export interface TreeChange {
  path: string;
  mode: string;
  /** null removes the path (file or whole directory). */
  sha: string | null;
}

const SHA_RE = /^[0-9a-f]{40}$/;
const LARGE_BLOB_BYTES = 8 * 1024 * 1024;

function parsePerson(value: string): Person {
  const match = /^(.*) <(.*)> (\d+) ([+-]\d{4})$/.exec(value);
  if (!match) return { name: value, email: '', time: 0, tz: '+0000' };
  return { name: match[1] ?? '', email: match[2] ?? '', time: Number(match[3]), tz: match[4] ?? '+0000' };
}

/** Operations on one bare repository. Commit objects are immutable, so parsed ones are cached. */
export class GitRepo {
  private readonly commits = new Map<string, CommitObject>();

  /** Once a repository has a commit it keeps one (refs are never all deleted through the emulator). */
  private hasCommits = false;

  constructor(readonly gitDir: string) {}

  /** True while the repository has no refs at all: created without a README and never pushed to. */
  async isEmpty(): Promise<boolean> {
    if (!this.hasCommits) this.hasCommits = (await this.text(['for-each-ref', '--count=1', '--format=%(refname)', 'refs/'])) !== '';
    return !this.hasCommits;
  }

  async git(args: string[], options?: GitRunOptions): Promise<Buffer> {
    return (await runGit(['--git-dir', this.gitDir, ...args], options)).stdout;
  }

  async text(args: string[], options?: GitRunOptions): Promise<string> {
    return (await this.git(args, options)).toString('utf8').trim();
  }

  /** Resolves a revision (sha, branch, tag, `refs/...`) to an object of the given type, or null. */
  async resolve(rev: string, type: 'commit' | 'tree' | 'blob' | 'object' = 'commit'): Promise<string | null> {
    if (!rev || rev.startsWith('-') || rev.includes('\0')) return null;
    const spec = type === 'object' ? rev : `${rev}^{${type}}`;
    const { stdout, code } = await runGit(
      ['--git-dir', this.gitDir, 'rev-parse', '--verify', '--quiet', '--end-of-options', spec],
      { okCodes: [1, 128] },
    );
    const sha = stdout.toString('utf8').trim();
    return code === 0 && SHA_RE.test(sha) ? sha : null;
  }

  /** A branch name or a full/abbreviated commit sha (what GitHub accepts as `ref`/`sha`), to a commit sha. */
  async resolveRef(ref: string): Promise<string | null> {
    if (SHA_RE.test(ref)) return this.resolve(ref);
    const candidates = [`refs/heads/${ref}`, `refs/tags/${ref}`];
    // Only names git itself would take literally; never revision syntax like `main~1` or `HEAD@{1}`.
    if (/^[0-9a-f]{7,39}$/.test(ref) || ref.startsWith('refs/')) candidates.push(ref);
    for (const candidate of candidates) {
      const sha = await this.resolve(candidate);
      if (sha) return sha;
    }
    return null;
  }

  async objectType(sha: string): Promise<string | null> {
    if (!SHA_RE.test(sha)) return null;
    const { stdout, code } = await runGit(['--git-dir', this.gitDir, 'cat-file', '-t', sha], { okCodes: [128, 1] });
    return code === 0 ? stdout.toString('utf8').trim() : null;
  }

  async readBlob(sha: string): Promise<Buffer> {
    return this.git(['cat-file', 'blob', sha]);
  }

  async readCommit(sha: string): Promise<CommitObject> {
    const cached = this.commits.get(sha);
    if (cached) return cached;
    const raw = (await this.git(['cat-file', 'commit', sha])).toString('utf8');
    const split = raw.indexOf('\n\n');
    const headerText = split === -1 ? raw : raw.slice(0, split);
    const message = split === -1 ? '' : raw.slice(split + 2);
    const commit: CommitObject = {
      sha,
      tree: '',
      parents: [],
      author: parsePerson(''),
      committer: parsePerson(''),
      message,
      signature: null,
    };
    const lines = headerText.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i] ?? '';
      const space = line.indexOf(' ');
      const key = line.slice(0, space);
      const value = line.slice(space + 1);
      if (key === 'tree') commit.tree = value;
      else if (key === 'parent') commit.parents.push(value);
      else if (key === 'author') commit.author = parsePerson(value);
      else if (key === 'committer') commit.committer = parsePerson(value);
      else if (key === 'gpgsig') {
        const sig = [value];
        while ((lines[i + 1] ?? '').startsWith(' ')) sig.push((lines[++i] ?? '').slice(1));
        commit.signature = sig.join('\n');
      }
    }
    if (this.commits.size > 5000) this.commits.clear();
    this.commits.set(sha, commit);
    return commit;
  }

  async lsTree(
    treeish: string,
    options: { recursive?: boolean; leavesOnly?: boolean; path?: string } = {},
  ): Promise<TreeEntry[]> {
    const args = ['ls-tree', '-z', '-l'];
    if (options.recursive) args.push('-r');
    if (options.recursive && !options.leavesOnly) args.push('-t');
    args.push('--end-of-options', treeish);
    if (options.path !== undefined) args.push('--', options.path);
    const out = await this.git(args);
    return out
      .toString('utf8')
      .split('\0')
      .filter(Boolean)
      .map((line) => {
        const tab = line.indexOf('\t');
        const [mode = '', type = '', sha = '', size = '-'] = line.slice(0, tab).split(/\s+/);
        return {
          mode,
          type: type as TreeEntry['type'],
          sha,
          size: size === '-' ? null : Number(size),
          path: line.slice(tab + 1),
        };
      });
  }

  async listRefs(prefix = 'refs/'): Promise<RefEntry[]> {
    const out = await this.text([
      'for-each-ref',
      '--format=%(refname)%00%(objectname)%00%(objecttype)',
      '--sort=refname',
      'refs/',
    ]);
    return out
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [ref = '', sha = '', type = ''] = line.split('\0');
        return { ref, sha, type };
      })
      .filter((entry) => entry.ref.startsWith(prefix));
  }

  async branches(): Promise<RefEntry[]> {
    return this.listRefs('refs/heads/');
  }

  /** Compare-and-swap on a ref: `oldSha` = ZERO_SHA means "must not exist yet". False when the ref moved. */
  async updateRef(ref: string, newSha: string, oldSha: string): Promise<boolean> {
    const { code } = await runGit(['--git-dir', this.gitDir, 'update-ref', ref, newSha, oldSha], { okCodes: [1, 128] });
    return code === 0;
  }

  async deleteRef(ref: string, oldSha: string): Promise<boolean> {
    const { code } = await runGit(['--git-dir', this.gitDir, 'update-ref', '-d', ref, oldSha], { okCodes: [1, 128] });
    return code === 0;
  }

  async isAncestor(ancestor: string, descendant: string): Promise<boolean> {
    const { code } = await runGit(['--git-dir', this.gitDir, 'merge-base', '--is-ancestor', ancestor, descendant], {
      okCodes: [1],
    });
    return code === 0;
  }

  async mergeBase(a: string, b: string): Promise<string | null> {
    const { stdout, code } = await runGit(['--git-dir', this.gitDir, 'merge-base', a, b], { okCodes: [1] });
    return code === 0 ? stdout.toString('utf8').trim() : null;
  }

  async revList(args: string[]): Promise<string[]> {
    return (await this.text(['rev-list', ...args])).split('\n').filter(Boolean);
  }

  async countCommits(range: string[]): Promise<number> {
    return Number(await this.text(['rev-list', '--count', ...range]));
  }

  async writeBlob(content: Buffer): Promise<string> {
    // Large files are mostly media that zlib cannot shrink: storing them uncompressed makes a 100 MiB write ~4× faster.
    const store = content.length > LARGE_BLOB_BYTES ? ['-c', 'core.looseCompression=0'] : [];
    return this.text([...store, 'hash-object', '-w', '-t', 'blob', '--stdin'], { input: content });
  }

  async checkRefFormat(ref: string): Promise<boolean> {
    const { code } = await runGit(['check-ref-format', ref], { okCodes: [1] });
    return code === 0;
  }

  /**
   * Writes a tree: `base` (or empty) with `changes` applied. The entries are resolved in memory and
   * written through a private temporary index, so concurrent requests never share state.
   */
  async writeTree(base: string | null, changes: TreeChange[]): Promise<string> {
    const entries = new Map<string, { mode: string; sha: string }>();
    const leaves = async (tree: string, prefix: string) => {
      for (const e of await this.lsTree(tree, { recursive: true, leavesOnly: true })) {
        entries.set(prefix + e.path, { mode: e.mode, sha: e.sha });
      }
    };
    if (base) await leaves(base, '');
    for (const change of changes) {
      // Replacing a path replaces everything below it and any file in the way above it.
      const ancestors = new Set(change.path.split('/').map((_, i, parts) => parts.slice(0, i + 1).join('/')));
      for (const p of [...entries.keys()]) {
        if (ancestors.has(p) || p.startsWith(`${change.path}/`)) entries.delete(p);
      }
      if (change.sha === null) continue;
      if (change.mode === '040000') await leaves(change.sha, `${change.path}/`);
      else entries.set(change.path, { mode: change.mode, sha: change.sha });
    }
    const indexFile = path.join(os.tmpdir(), `gh-emu-index-${randomBytes(8).toString('hex')}`);
    const env = { GIT_INDEX_FILE: indexFile };
    try {
      await this.git(['read-tree', '--empty'], { env });
      const lines = [...entries].map(([p, e]) => `${e.mode} ${e.sha}\t${p}\0`).join('');
      if (lines) await this.git(['update-index', '-z', '--index-info'], { env, input: lines });
      return await this.text(['write-tree'], { env });
    } finally {
      await rm(indexFile, { force: true });
    }
  }

  async commitTree(input: {
    tree: string;
    parents: string[];
    message: string;
    author: Person;
    committer: Person;
  }): Promise<string> {
    const args = ['commit-tree', input.tree];
    for (const parent of input.parents) args.push('-p', parent);
    const date = (p: Person) => `${p.time} ${p.tz}`;
    return this.text(args, {
      input: input.message,
      env: {
        GIT_AUTHOR_NAME: input.author.name,
        GIT_AUTHOR_EMAIL: input.author.email,
        GIT_AUTHOR_DATE: date(input.author),
        GIT_COMMITTER_NAME: input.committer.name,
        GIT_COMMITTER_EMAIL: input.committer.email,
        GIT_COMMITTER_DATE: date(input.committer),
      },
    });
  }
}
