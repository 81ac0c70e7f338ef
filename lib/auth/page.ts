import 'server-only';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { sessionUser, type SessionUser } from './index';

/** Set by middleware.ts on page requests, so a signed-out visitor returns to the same page after sign-in. */
export const PATHNAME_HEADER = 'x-webedt-pathname';

/** The signed-in user of a page; anyone else is sent to sign in and brought back afterwards. */
export async function requirePageUser(): Promise<SessionUser> {
  const user = await sessionUser();
  if (user) return user;
  const pathname = (await headers()).get(PATHNAME_HEADER);
  redirect(pathname ? `/signin?callbackUrl=${encodeURIComponent(pathname)}` : '/signin');
}
