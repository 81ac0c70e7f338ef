import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { sessionUser } from '@/lib/auth';
import { callbackPath } from '@/lib/auth/callback-path';
import { env } from '@/lib/env';
import { signInWithGitHub } from '../actions';

export const metadata: Metadata = { title: 'Sign in' };

const errorMessages: Record<string, string> = {
  AccessDenied: 'GitHub did not grant access. Try again, or pick another account.',
  Configuration: 'Sign-in failed because of a server configuration problem. Check the server log.',
};

type Props = { searchParams: Promise<{ callbackUrl?: string; error?: string }> };

export default async function SignInPage({ searchParams }: Props) {
  const { callbackUrl, error } = await searchParams;
  if (await sessionUser()) redirect(callbackPath(callbackUrl));
  const configured = !!env().GITHUB_CLIENT_ID;
  return (
    <section className="mx-auto max-w-sm px-6 py-16 text-center">
      <h1 className="text-2xl font-semibold">Sign in to WebEDT</h1>
      <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">Use your GitHub account. WebEDT works on the repositories you can access there.</p>
      {error ? (
        <p role="alert" className="mt-4 rounded-md bg-red-50 dark:bg-red-950 px-3 py-2 text-sm text-red-800 dark:text-red-200">
          {errorMessages[error] ?? 'Sign-in did not complete. Please try again.'}
        </p>
      ) : null}
      {configured ? (
        <form action={signInWithGitHub} className="mt-6">
          <input type="hidden" name="callbackUrl" value={callbackPath(callbackUrl)} />
          <button type="submit" className="w-full rounded-md bg-slate-900 dark:bg-slate-700 px-4 py-2 font-medium text-white hover:bg-slate-700 dark:hover:bg-slate-600">
            Sign in with GitHub
          </button>
        </form>
      ) : (
        <p role="alert" className="mt-6 rounded-md bg-amber-50 dark:bg-amber-950 px-3 py-2 text-sm text-amber-900 dark:text-amber-100">
          GitHub sign-in is not configured. Set GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET, or start WebEDT with
          `npm start` to use the built-in local forge.
        </p>
      )}
    </section>
  );
}
