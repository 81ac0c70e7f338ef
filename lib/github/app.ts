import { App } from '@octokit/app';
import { env } from '@/lib/env';
import { clientOptions, type GitHubClient, WebEdtOctokit } from './octokit';

const globalForApp = globalThis as unknown as { webedtGitHubApp?: App | null };

/** The configured GitHub App (GITHUB_APP_ID + GITHUB_APP_PRIVATE_KEY), or null: the App is optional. */
export function githubApp(): App | null {
  if (globalForApp.webedtGitHubApp === undefined) {
    const { GITHUB_APP_ID, GITHUB_APP_PRIVATE_KEY } = env();
    globalForApp.webedtGitHubApp =
      GITHUB_APP_ID && GITHUB_APP_PRIVATE_KEY
        ? new App({
            appId: GITHUB_APP_ID,
            privateKey: GITHUB_APP_PRIVATE_KEY,
            Octokit: WebEdtOctokit.defaults(clientOptions('github-app')),
          })
        : null;
  }
  return globalForApp.webedtGitHubApp;
}

/**
 * An Octokit acting as the App's installation on owner/repo (short-lived installation tokens,
 * renewed by @octokit/app), or null when no App is configured or it is not installed there.
 */
export async function installationClientForRepo(owner: string, repo: string): Promise<GitHubClient | null> {
  const app = githubApp();
  if (!app) return null;
  try {
    const { data } = await app.octokit.request('GET /repos/{owner}/{repo}/installation', { owner, repo });
    return (await app.getInstallationOctokit(data.id)) as unknown as GitHubClient;
  } catch (error) {
    if ((error as { status?: number }).status === 404) return null;
    throw error;
  }
}
