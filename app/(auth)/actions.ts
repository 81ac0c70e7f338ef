'use server';

import { signIn, signOut } from '@/lib/auth/next-auth';

/** Only same-site paths may follow sign-in; anything else returns home. */
function safeRedirect(value: FormDataEntryValue | null): string {
  return typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') ? value : '/agents';
}

export async function signInWithGitHub(formData: FormData): Promise<void> {
  await signIn('github', { redirectTo: safeRedirect(formData.get('callbackUrl')) });
}

export async function signOutOfWebEdt(): Promise<void> {
  await signOut({ redirectTo: '/signin' });
}
