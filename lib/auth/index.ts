import 'server-only';
import { cookies } from 'next/headers';
import { db } from '@/lib/db';
import { env } from '@/lib/env';
import { createGuards, type SessionUser } from './guard';
import { auth } from './next-auth';
import { createSessionCache, sessionCookieKey } from './session-cache';

export type { SessionUser } from './guard';

const sessions = createSessionCache<SessionUser>({ ttlMs: 30_000 });

export async function sessionUser(): Promise<SessionUser | null> {
  const key = sessionCookieKey((await cookies()).getAll());
  if (!key) return null;
  return sessions.get(key, async () => {
    const session = await auth();
    if (!session?.user?.id) return null;
    const { id, login, name, image } = session.user;
    return { id, login, name, image };
  });
}

export const { requireUser, authorizeRepo, withUser, withRepoAccess, authedAction, repoAction } = createGuards({
  resolveUser: sessionUser,
  db,
  trustProxy: () => env().TRUST_PROXY,
});
