import type { SessionUser } from '@/lib/auth/guard';
import { upsertGitHubUser } from '@/lib/auth/tokens';
import type { DB } from '@/lib/db/client';
import { tokensFromResponse } from '@/lib/github/oauth';
import { createOctokit } from '@/lib/github/octokit';
import type { TestGitHub } from './github';

/** Signs `login` in on the emulator and stores them as the app's sign-in callback does. */
export async function signInUser(github: TestGitHub, db: DB, login: string): Promise<SessionUser> {
  const tokens = await github.signIn(login);
  const { data } = await createOctokit({ token: tokens.access_token }).rest.users.getAuthenticated();
  const id = await upsertGitHubUser(db, data, tokensFromResponse(tokens));
  return { id, login, name: data.name, image: data.avatar_url };
}
