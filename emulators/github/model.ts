/** The emulator's world: seeded users, repositories (bare git repos on disk), access, the App, and state. */
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { GitRepo, runGit, type Person, ZERO_SHA } from './git';
import { sampleMedia } from './media';
import {
  type AccessLevel,
  FIXTURES_DIR,
  type ResolvedSeed,
  type SeedInstallation,
  type SeedIssue,
  type SeedRepository,
  type SeedUser,
} from './seed';
import { Store } from './store';

export interface Repo {
  id: number;
  seed: SeedRepository;
  owner: SeedUser;
  fullName: string;
  git: GitRepo;
  createdAt: string;
}

/** A seeded issue with its number in its repository and GitHub's ids (the issue's and its comments'). */
export interface Issue extends SeedIssue {
  number: number;
  id: number;
  commentIds: number[];
}

/** Fixed dates keep the seeded commits (and so their shas) identical on every machine. */
const SEED_TIME = Date.parse('2024-01-01T00:00:00Z') / 1000;

async function readFolder(dir: string, prefix = ''): Promise<Map<string, { content: Buffer; mode: string }>> {
  const files = new Map<string, { content: Buffer; mode: string }>();
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    const rel = prefix + entry.name;
    if (entry.isDirectory()) for (const [p, f] of await readFolder(full, `${rel}/`)) files.set(p, f);
    else if (entry.isFile()) files.set(rel, { content: await readFile(full), mode: '100644' });
  }
  return files;
}

export class Model {
  readonly users = new Map<string, SeedUser>();
  readonly repos = new Map<string, Repo>();
  private readonly issuesByRepo = new Map<string, Issue[]>();
  readonly store: Store;
  readonly reposDir: string;
  appPrivateKey: KeyObject | null = null;
  appPublicKey: KeyObject | null = null;
  appPrivateKeyPem: string | null = null;

  constructor(
    readonly seed: ResolvedSeed,
    readonly dataDir: string,
  ) {
    this.store = new Store(dataDir);
    this.reposDir = path.join(dataDir, 'repos');
    for (const user of seed.users) this.users.set(user.login.toLowerCase(), user);
    seed.repositories.forEach((repo, index) => {
      const fullName = `${repo.owner}/${repo.name}`;
      this.repos.set(fullName.toLowerCase(), {
        id: repo.id ?? 2000 + index + 1,
        seed: repo,
        owner: this.user(repo.owner) as SeedUser,
        fullName,
        git: new GitRepo(path.join(this.reposDir, repo.owner, `${repo.name}.git`)),
        createdAt: new Date(SEED_TIME * 1000).toISOString().replace('.000', ''),
      });
    });
    let commentId = 900_001;
    seed.issues.forEach((issue, index) => {
      const list = this.issuesByRepo.get(issue.repository.toLowerCase()) ?? [];
      list.push({ ...issue, number: list.length + 1, id: 700_001 + index, commentIds: issue.comments.map(() => commentId++) });
      this.issuesByRepo.set(issue.repository.toLowerCase(), list);
    });
  }

  /** The repository's seeded issues (its pull requests are numbered after them). */
  issues(repo: Repo): Issue[] {
    return this.issuesByRepo.get(repo.fullName.toLowerCase()) ?? [];
  }

  /** Creates missing bare repositories and the App key. Existing ones are left as they are (they persist). */
  async init(): Promise<void> {
    await mkdir(this.reposDir, { recursive: true });
    for (const repo of this.repos.values()) {
      if (!existsSync(repo.git.gitDir)) await this.createRepository(repo);
    }
    const app = this.seed.app;
    if (app) {
      let pem = app.private_key;
      if (!pem) {
        const keyFile = path.join(this.dataDir, 'app-private-key.pem');
        if (existsSync(keyFile)) pem = await readFile(keyFile, 'utf8');
        else {
          // PKCS#1 like the keys GitHub hands out for Apps.
          pem = generateKeyPairSync('rsa', { modulusLength: 2048 })
            .privateKey.export({ type: 'pkcs1', format: 'pem' })
            .toString();
          await writeFile(keyFile, pem, { mode: 0o600 });
        }
      }
      this.appPrivateKeyPem = pem;
      this.appPrivateKey = createPrivateKey(pem);
      this.appPublicKey = createPublicKey(this.appPrivateKey);
    }
  }

  private async createRepository(repo: Repo): Promise<void> {
    const gitDir = repo.git.gitDir;
    await mkdir(path.dirname(gitDir), { recursive: true });
    await runGit(['init', '--quiet', '--bare', `--initial-branch=${repo.seed.default_branch}`, gitDir]);
    // Pushes over smart HTTP are authorized by the emulator before git-http-backend runs.
    await repo.git.git(['config', 'http.receivepack', 'true']);
    if (repo.seed.source === undefined) return;
    const owner = repo.owner;
    const person = (offset: number): Person => ({
      name: owner.name,
      email: owner.email,
      time: SEED_TIME + offset,
      tz: '+0000',
    });
    const commitFolder = async (
      files: Map<string, { content: Buffer; mode: string }>,
      parent: string | null,
      message: string,
      offset: number,
    ) => {
      const changes = [];
      for (const [p, file] of files) changes.push({ path: p, mode: file.mode, sha: await repo.git.writeBlob(file.content) });
      const tree = await repo.git.writeTree(parent, changes);
      return repo.git.commitTree({
        tree,
        parents: parent ? [parent] : [],
        message: `${message}\n`,
        author: person(offset),
        committer: person(offset),
      });
    };
    const files = await readFolder(path.resolve(FIXTURES_DIR, repo.seed.source));
    if (repo.seed.media) for (const [p, content] of sampleMedia()) files.set(p, { content, mode: '100644' });
    const root = await commitFolder(files, null, 'Initial commit', 0);
    await repo.git.updateRef(`refs/heads/${repo.seed.default_branch}`, root, ZERO_SHA);
    for (const [i, branch] of repo.seed.branches.entries()) {
      const overlay = branch.source ? await readFolder(path.resolve(FIXTURES_DIR, branch.source)) : new Map();
      const sha = await commitFolder(overlay, root, branch.message, 3600 * (i + 1));
      await repo.git.updateRef(`refs/heads/${branch.name}`, sha, ZERO_SHA);
    }
  }

  user(login: string): SeedUser | undefined {
    return this.users.get(login.toLowerCase());
  }

  repo(owner: string, name: string): Repo | undefined {
    return this.repos.get(`${owner}/${name}`.toLowerCase());
  }

  userByEmail(email: string): SeedUser | undefined {
    const lower = email.toLowerCase();
    return this.seed.users.find((u) => u.email.toLowerCase() === lower || noreplyEmail(u).toLowerCase() === lower);
  }

  /** A user's role on a repository: explicit grant, owner = admin, public = read, else none. */
  userAccess(login: string, repo: Repo): AccessLevel | null {
    const grants = Object.entries(this.seed.access).find(([name]) => name.toLowerCase() === repo.fullName.toLowerCase());
    const grant = grants?.[1] && Object.entries(grants[1]).find(([l]) => l.toLowerCase() === login.toLowerCase())?.[1];
    if (grant) return grant;
    if (repo.owner.login.toLowerCase() === login.toLowerCase()) return 'admin';
    return repo.seed.private ? null : 'read';
  }

  installation(id: number): SeedInstallation | undefined {
    return this.seed.app?.installations.find((i) => i.id === id);
  }

  installationRepos(installation: SeedInstallation): Repo[] {
    return [...this.repos.values()].filter((repo) =>
      installation.repository_selection === 'all'
        ? repo.owner.login.toLowerCase() === installation.account.toLowerCase()
        : installation.repositories.some((name) => name.toLowerCase() === repo.fullName.toLowerCase()),
    );
  }
}

/** The address GitHub uses for web-made commits of users who keep their email private. */
export function noreplyEmail(user: SeedUser): string {
  return `${user.id}+${user.login}@users.noreply.github.com`;
}
