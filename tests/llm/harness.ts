/** Real services for the LLM core's tests: GitHub emulator, Anthropic emulator, PostgreSQL, a local object store. */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { GitHubEmulatorControl } from '@/emulators/github/control';
import { githubClientForUser } from '@/lib/github/client';
import type { GitHubClient } from '@/lib/github/octokit';
import { branchHead } from '@/lib/github/repos';
import { LocalObjectStore } from '@/lib/storage';
import { startTestAnthropic, type TestAnthropic } from '../support/anthropic';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startTestGitHub, storeSignedInUser, type TestGitHub } from '../support/github';

export const REPO = { owner: 'alice', repo: 'sample-game', branch: 'main' } as const;

export interface LlmHarness {
  github: TestGitHub;
  githubControl: GitHubEmulatorControl;
  anthropic: TestAnthropic;
  database: TestDatabase;
  /** alice's GitHub client, as the app builds it. */
  client: GitHubClient;
  /** Head of alice/sample-game main. */
  sha: string;
  /** A fresh, empty object store (each call). */
  freshStore(): Promise<LocalObjectStore>;
  close(): Promise<void>;
}

export async function startLlmHarness(): Promise<LlmHarness> {
  const github = await startTestGitHub();
  const anthropic = await startTestAnthropic();
  const database = await createTestDatabase();
  const userId = (await storeSignedInUser(github, database.db, 'alice')).id;
  const client = githubClientForUser(database.db, userId, { retryBaseMs: 10 });
  const sha = await branchHead(client, REPO.owner, REPO.repo, REPO.branch);
  if (!sha) throw new Error('alice/sample-game has no main branch');
  const storeDirs: string[] = [];
  return {
    github,
    githubControl: new GitHubEmulatorControl(github.url),
    anthropic,
    database,
    client,
    sha,
    async freshStore() {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'webedt-llm-store-'));
      storeDirs.push(dir);
      return new LocalObjectStore({ root: dir });
    },
    async close() {
      await database.drop();
      await anthropic.close();
      await github.close();
      await Promise.all(storeDirs.map((dir) => rm(dir, { recursive: true, force: true })));
    },
  };
}
