import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { SignInForm } from '@/components/sign-in-form';
import { sessionUser } from '@/lib/auth';
import { callbackPath } from '@/lib/auth/callback-path';
import { FormError } from '@/components/form-error';

export const metadata: Metadata = { title: 'Sign in' };

const errorMessages: Record<string, string> = {
  AccessDenied: 'GitHub did not grant access. Try again, or pick another account.',
  Configuration: 'Sign-in failed because of a server configuration problem. Check the server log.',
};

type Props = { searchParams: Promise<{ callbackUrl?: string; error?: string }> };

export default async function SignInPage({ searchParams }: Props) {
  const { callbackUrl, error } = await searchParams;
  if (await sessionUser()) redirect(callbackPath(callbackUrl));
  return (
    <section className="mx-auto max-w-sm px-6 py-16 text-center">
      <h1 className="text-2xl font-semibold">Sign in to WebEDT</h1>
      <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">Use your GitHub account. WebEDT works on the repositories you can access there.</p>
      {error ? <FormError className="mt-4">{errorMessages[error] ?? 'Sign-in did not complete. Please try again.'}</FormError> : null}
      <SignInForm callbackUrl={callbackPath(callbackUrl)} className="mt-6" />
    </section>
  );
}
