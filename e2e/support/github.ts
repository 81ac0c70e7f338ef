import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { GitHubEmulatorControl } from '../../emulators/github/control';
import { githubEmulatorPort } from '../../playwright.config';

/**
 * The e2e GitHub emulator from the outside: another user's commits through its REST API, and the
 * truth about a repository from git itself (its bare repositories live under the e2e data dir).
 */
const emulatorUrl = `http://127.0.0.1:${githubEmulatorPort}`;
const control = new GitHubEmulatorControl(emulatorUrl);

/** Commits one file to a branch as `login`, the way GitHub's web editor would (contents API). */
export async function commitAs(
  login: string,
  { owner, repo, branch, path: filePath, content, message }: { owner: string; repo: string; branch: string; path: string; content: string; message: string },
): Promise<string> {
  const { access_token: token } = await control.createUserToken(login);
  const headers = { authorization: `token ${token}`, accept: 'application/vnd.github+json', 'content-type': 'application/json' };
  const url = `${emulatorUrl}/api/v3/repos/${owner}/${repo}/contents/${filePath}`;
  const existing = await fetch(`${url}?ref=${encodeURIComponent(branch)}`, { headers });
  const sha = existing.ok ? ((await existing.json()) as { sha: string }).sha : undefined;
  const response = await fetch(url, {
    method: 'PUT',
    headers,
    body: JSON.stringify({ message, branch, content: Buffer.from(content).toString('base64'), ...(sha ? { sha } : {}) }),
  });
  if (!response.ok) throw new Error(`commit as ${login} failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { commit: { sha: string } }).commit.sha;
}

/** Runs git on the emulator's bare repository of owner/repo. */
export function git(owner: string, repo: string, ...args: string[]): string {
  const gitDir = path.resolve('.data/e2e/github/repos', owner, `${repo}.git`);
  return execFileSync('git', ['--git-dir', gitDir, ...args], { encoding: 'utf8' });
}
