'use server';

import { callbackPath } from '@/lib/auth/callback-path';
import { signIn, signOut } from '@/lib/auth/next-auth';

export async function signInWithGitHub(formData: FormData): Promise<void> {
  await signIn('github', { redirectTo: callbackPath(formData.get('callbackUrl')) });
}

export async function signOutOfWebEdt(): Promise<void> {
  await signOut({ redirectTo: '/signin' });
}
