import 'server-only';
import { db } from '@/lib/db';
import { createGuards, type SessionUser } from './guard';
import { auth } from './next-auth';

export type { SessionUser } from './guard';

export async function sessionUser(): Promise<SessionUser | null> {
  const session = await auth();
  if (!session?.user?.id) return null;
  const { id, login, name, image } = session.user;
  return { id, login, name, image };
}

export const { requireUser, authorizeRepo, withUser, withRepoAccess, authedAction, repoAction } = createGuards({
  resolveUser: sessionUser,
  db,
});
