/** Mutable emulator state that must survive restarts (tokens, pull requests), kept as one JSON file. */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface UserToken {
  kind: 'user';
  login: string;
  clientId: string;
  createdAt: number;
  /** Epoch ms; null = never. */
  expiresAt: number | null;
}

export interface InstallationToken {
  kind: 'installation';
  installationId: number;
  repositories: string[];
  permissions: Record<string, 'read' | 'write'>;
  createdAt: number;
  expiresAt: number;
}

export type StoredToken = UserToken | InstallationToken;

export interface RefreshToken {
  login: string;
  clientId: string;
  expiresAt: number;
}

export interface StoredPull {
  number: number;
  id: number;
  title: string;
  body: string | null;
  head: string;
  base: string;
  /** Branch heads at creation, shown if a branch is deleted later. */
  headSha: string;
  baseSha: string;
  user: string;
  draft: boolean;
  state: 'open' | 'closed';
  createdAt: string;
  updatedAt: string;
}

interface StateFile {
  version: 1;
  tokens: Record<string, StoredToken>;
  refreshTokens: Record<string, RefreshToken>;
  pulls: Record<string, StoredPull[]>;
  nextPullId: number;
}

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Random base62 token with GitHub's prefixes (`ghu_`, `ghr_`, `ghs_`). */
export function newToken(prefix: string, length: number): string {
  const bytes = randomBytes(length);
  let out = prefix;
  for (const byte of bytes) out += BASE62[byte % 62];
  return out;
}

export class Store {
  private state: StateFile;
  private readonly file: string;

  constructor(dataDir: string) {
    this.file = path.join(dataDir, 'state.json');
    this.state = existsSync(this.file)
      ? (JSON.parse(readFileSync(this.file, 'utf8')) as StateFile)
      : { version: 1, tokens: {}, refreshTokens: {}, pulls: {}, nextPullId: 500_001 };
  }

  private save(): void {
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.state));
    renameSync(tmp, this.file);
  }

  token(value: string): StoredToken | undefined {
    return this.state.tokens[value];
  }

  addToken(value: string, token: StoredToken): void {
    this.state.tokens[value] = token;
    this.save();
  }

  /** Marks tokens as expired now; returns how many matched. */
  expireTokens(match: (value: string, token: StoredToken) => boolean): number {
    let count = 0;
    const now = Date.now();
    for (const [value, token] of Object.entries(this.state.tokens)) {
      if (match(value, token)) {
        token.expiresAt = now - 1;
        count++;
      }
    }
    if (count) this.save();
    return count;
  }

  addRefreshToken(value: string, token: RefreshToken): void {
    this.state.refreshTokens[value] = token;
    this.save();
  }

  /** Refresh tokens are single-use: taking one deletes it. */
  takeRefreshToken(value: string): RefreshToken | undefined {
    const token = this.state.refreshTokens[value];
    if (token) {
      delete this.state.refreshTokens[value];
      this.save();
    }
    return token;
  }

  pulls(repo: string): StoredPull[] {
    return this.state.pulls[repo] ?? [];
  }

  /** Issues and pull requests share one sequence of numbers: a new pull request follows both. */
  addPull(repo: string, pull: Omit<StoredPull, 'number' | 'id'>, issueCount: number): StoredPull {
    const list = (this.state.pulls[repo] ??= []);
    const number = Math.max(issueCount, ...list.map((p) => p.number)) + 1;
    const created: StoredPull = { ...pull, number, id: this.state.nextPullId++ };
    list.push(created);
    this.save();
    return created;
  }
}
