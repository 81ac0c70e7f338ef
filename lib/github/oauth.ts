import { z } from 'zod';
import { AppError } from '@/lib/errors';
import { env } from '@/lib/env';

/** GitHub's token endpoint answers errors with HTTP 200 and an `error` field. */
const tokenResponse = z.union([
  z.object({
    access_token: z.string().min(1),
    expires_in: z.coerce.number().optional(),
    refresh_token: z.string().min(1).optional(),
    refresh_token_expires_in: z.coerce.number().optional(),
  }),
  z.object({ error: z.string(), error_description: z.string().optional() }),
]);

export interface GitHubTokens {
  accessToken: string;
  accessTokenExpiresAt: Date | null;
  refreshToken: string | null;
  refreshTokenExpiresAt: Date | null;
}

export function tokensFromResponse(
  body: { access_token: string; expires_in?: number; refresh_token?: string; refresh_token_expires_in?: number },
  now = Date.now(),
): GitHubTokens {
  return {
    accessToken: body.access_token,
    accessTokenExpiresAt: body.expires_in ? new Date(now + body.expires_in * 1000) : null,
    refreshToken: body.refresh_token ?? null,
    refreshTokenExpiresAt: body.refresh_token_expires_in ? new Date(now + body.refresh_token_expires_in * 1000) : null,
  };
}

/** Exchanges a (single-use) refresh token for new tokens, as GitHub App user tokens work. */
export async function refreshGitHubTokens(refreshToken: string): Promise<GitHubTokens> {
  const { GITHUB_URL, GITHUB_CLIENT_ID, GITHUB_CLIENT_SECRET } = env();
  if (!GITHUB_CLIENT_ID || !GITHUB_CLIENT_SECRET) throw new AppError('service_unavailable', 'GitHub sign-in is not configured.');
  let response: Response;
  try {
    response = await fetch(new URL('/login/oauth/access_token', GITHUB_URL), {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: refreshToken,
        client_id: GITHUB_CLIENT_ID,
        client_secret: GITHUB_CLIENT_SECRET,
      }),
    });
  } catch {
    throw new AppError('github_unavailable', 'GitHub could not be reached to renew your session.');
  }
  const parsed = tokenResponse.safeParse(await response.json().catch(() => null));
  if (!response.ok || !parsed.success) {
    throw new AppError('github_unavailable', `GitHub answered the token refresh with status ${response.status}.`);
  }
  if ('error' in parsed.data) {
    throw new AppError('unauthorized', 'Your GitHub session has expired. Please sign in again.');
  }
  return tokensFromResponse(parsed.data);
}
