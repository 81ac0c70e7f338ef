import { signInWithGitHub } from '@/app/(auth)/actions';
import { env } from '@/lib/env';

/**
 * "Sign in with GitHub": a POST to the sign-in server action (next-auth starts the OAuth flow only from a POST), or a
 * note saying how to configure GitHub when the server has no OAuth app.
 */
export function SignInForm({ callbackUrl, className = '' }: { callbackUrl: string; className?: string }) {
  if (!env().GITHUB_CLIENT_ID) {
    return (
      <p role="alert" className={`rounded-md bg-amber-50 dark:bg-amber-950 px-3 py-2 text-sm dark:border-slate-600 text-amber-900 dark:text-amber-100 ${className}`}>
        GitHub sign-in is not configured. Set GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET, or start WebEDT with `npm start`
        to use the built-in local forge.
      </p>
    );
  }
  return (
    <form action={signInWithGitHub} className={className}>
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <button type="submit" className="w-full rounded-md bg-slate-900 dark:bg-slate-700 px-4 py-2 font-medium text-white hover:bg-slate-700 dark:hover:bg-slate-600">
        Sign in with GitHub
      </button>
    </form>
  );
}
