import 'server-only';
import NextAuth from 'next-auth';
import type { OAuthConfig } from 'next-auth/providers';
import { db } from '@/lib/db';
import { env } from '@/lib/env';
import { forgetPermissions } from '@/lib/github/access';
import { tokensFromResponse } from '@/lib/github/oauth';
import { type GitHubProfile, upsertGitHubUser } from './tokens';

declare module 'next-auth' {
  interface Session {
    user: { id: string; login: string; name?: string | null; email?: string | null; image?: string | null };
  }
}

declare module '@auth/core/jwt' {
  interface JWT {
    uid?: string;
    login?: string;
  }
}

/**
 * GitHub sign-in whose endpoints come from configuration (GITHUB_URL, GITHUB_API_URL), so github.com,
 * GitHub Enterprise Server and the emulator all work. GitHub tokens never enter the session cookie:
 * they are stored encrypted in `users` and the session carries only our user id.
 */
function githubProvider(): OAuthConfig<GitHubProfile> {
  const { GITHUB_URL, GITHUB_API_URL, GITHUB_CLIENT_ID, GITHUB_CLIENT_SECRET } = env();
  const web = GITHUB_URL.replace(/\/$/, '');
  const api = GITHUB_API_URL.replace(/\/$/, '');
  return {
    id: 'github',
    name: 'GitHub',
    type: 'oauth',
    issuer: `${web}/login/oauth`,
    clientId: GITHUB_CLIENT_ID,
    clientSecret: GITHUB_CLIENT_SECRET,
    checks: ['state', 'pkce'],
    authorization: { url: `${web}/login/oauth/authorize`, params: { scope: 'read:user user:email repo' } },
    token: `${web}/login/oauth/access_token`,
    userinfo: {
      url: `${api}/user`,
      async request({ tokens }: { tokens: { access_token?: string } }) {
        const headers = { authorization: `Bearer ${tokens.access_token}`, 'user-agent': 'webedt', accept: 'application/vnd.github+json' };
        const profile = (await (await fetch(`${api}/user`, { headers })).json()) as GitHubProfile;
        if (!profile.email) {
          const response = await fetch(`${api}/user/emails`, { headers });
          if (response.ok) {
            const emails = (await response.json()) as Array<{ email: string; primary: boolean }>;
            profile.email = (emails.find((entry) => entry.primary) ?? emails[0])?.email ?? null;
          }
        }
        return profile;
      },
    },
    profile: (profile) => ({
      id: String(profile.id),
      name: profile.name ?? profile.login,
      email: profile.email,
      image: profile.avatar_url,
    }),
  };
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  providers: [githubProvider()],
  secret: env().AUTH_SECRET,
  trustHost: true,
  session: { strategy: 'jwt' },
  pages: { signIn: '/signin' },
  callbacks: {
    async jwt({ token, account, profile }) {
      if (account?.access_token && profile) {
        const github = profile as unknown as GitHubProfile;
        const expiresIn = account.expires_at ? account.expires_at - Math.floor(Date.now() / 1000) : undefined;
        const refreshExpiresIn = Number(account.refresh_token_expires_in) || undefined;
        const userId = await upsertGitHubUser(
          db(),
          github,
          tokensFromResponse({
            access_token: account.access_token,
            expires_in: expiresIn,
            refresh_token: account.refresh_token,
            refresh_token_expires_in: refreshExpiresIn,
          }),
        );
        forgetPermissions(userId);
        token.uid = userId;
        token.login = github.login;
      }
      return token;
    },
    session({ session, token }) {
      if (token.uid && token.login) {
        session.user = { ...session.user, id: token.uid, login: token.login };
      }
      return session;
    },
  },
}));
