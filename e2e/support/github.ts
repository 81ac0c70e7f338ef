import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { expect, type Page } from '@playwright/test';
import { GitHubEmulatorControl } from '../../emulators/github/control';
import { githubEmulatorPort } from '../../playwright.config';

/**
 * The e2e GitHub emulator from the outside: another user's branches and commits through its REST API, and the
 * truth about a repository from git itself (its bare repositories live under the e2e data dir).
 */
const emulatorUrl = `http://127.0.0.1:${githubEmulatorPort}`;
export const emulatorControl = new GitHubEmulatorControl(emulatorUrl);

async function apiAs(login: string, method: string, pathname: string, body?: unknown): Promise<Response> {
  const { access_token: token } = await emulatorControl.createUserToken(login);
  return fetch(`${emulatorUrl}/api/v3${pathname}`, {
    method,
    headers: { authorization: `token ${token}`, accept: 'application/vnd.github+json', 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/** Creates a branch as `login` at the head of `from`. */
export async function createBranchAs(login: string, { owner, repo, branch, from }: { owner: string; repo: string; branch: string; from: string }): Promise<void> {
  const sha = git(owner, repo, 'rev-parse', `refs/heads/${from}`).trim();
  const response = await apiAs(login, 'POST', `/repos/${owner}/${repo}/git/refs`, { ref: `refs/heads/${branch}`, sha });
  if (!response.ok) throw new Error(`creating ${branch} as ${login} failed: ${response.status} ${await response.text()}`);
}

/** Commits one file to a branch as `login`, the way GitHub's web editor would (contents API). */
export async function commitAs(
  login: string,
  { owner, repo, branch, path: filePath, content, message }: { owner: string; repo: string; branch: string; path: string; content: string; message: string },
): Promise<string> {
  const contents = `/repos/${owner}/${repo}/contents/${filePath}`;
  const existing = await apiAs(login, 'GET', `${contents}?ref=${encodeURIComponent(branch)}`);
  const sha = existing.ok ? ((await existing.json()) as { sha: string }).sha : undefined;
  const response = await apiAs(login, 'PUT', contents, { message, branch, content: Buffer.from(content).toString('base64'), ...(sha ? { sha } : {}) });
  if (!response.ok) throw new Error(`commit as ${login} failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { commit: { sha: string } }).commit.sha;
}

/** The open pull requests from `branch` of owner/repo, as GitHub's REST API lists them to `login`. */
export async function openPullRequestsFrom(login: string, { owner, repo, branch }: { owner: string; repo: string; branch: string }): Promise<Array<{ number: number; head: { ref: string } }>> {
  const response = await apiAs(login, 'GET', `/repos/${owner}/${repo}/pulls?state=open&head=${encodeURIComponent(`${owner}:${branch}`)}`);
  if (!response.ok) throw new Error(`listing pull requests failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as Array<{ number: number; head: { ref: string } }>;
}

/** Runs git on the emulator's bare repository of owner/repo. */
export function git(owner: string, repo: string, ...args: string[]): string {
  const gitDir = path.resolve('.data/e2e/github/repos', owner, `${repo}.git`);
  return execFileSync('git', ['--git-dir', gitDir, ...args], { encoding: 'utf8' });
}

/** A new branch off main of alice/sample-game, made through the app's API as the page's signed-in user. */
export async function newBranchViaApp(page: Page, prefix: string): Promise<string> {
  const branch = `${prefix}/e2e-${Math.random().toString(36).slice(2, 8)}`;
  const created = await page.request.post('/api/github/branches', { data: { owner: 'alice', repo: 'sample-game', baseBranch: 'main', newBranch: branch } });
  if (created.status() !== 201) throw new Error(`creating ${branch} failed: ${created.status()} ${await created.text()}`);
  return branch;
}

/** A new branch off `main` of owner/repo, made through the app's API as the page's signed-in user; its name and head. */
export async function newBranchFromMain(page: Page, owner: string, repo: string, prefix: string): Promise<{ branch: string; base: string }> {
  const branch = `${prefix}-${Math.random().toString(36).slice(2, 8)}`;
  const created = await page.request.post('/api/github/branches', { data: { owner, repo, baseBranch: 'main', newBranch: branch } });
  expect(created.status()).toBe(201);
  return { branch, base: git(owner, repo, 'rev-parse', `refs/heads/${branch}`).trim() };
}

/** A pull request as `login` reads it on the emulator's REST API. */
export async function pullRequestAs(login: string, owner: string, repo: string, number: number): Promise<{ number: number; title: string; body: string | null }> {
  const response = await apiAs(login, 'GET', `/repos/${owner}/${repo}/pulls/${number}`);
  if (!response.ok) throw new Error(`reading pull request #${number} as ${login} failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as { number: number; title: string; body: string | null };
}
