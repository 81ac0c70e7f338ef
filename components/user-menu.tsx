import Link from 'next/link';
import { signOutOfWebEdt } from '@/app/(auth)/actions';
import { ThemeToggle } from '@/components/theme/theme-toggle';
import { sessionUser } from '@/lib/auth';

export async function UserMenu() {
  const user = await sessionUser();
  if (!user) {
    return (
      <div className="flex items-center gap-2">
        <ThemeToggle />
        <Link href="/signin" className="rounded-md bg-slate-900 dark:bg-slate-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-slate-700 dark:hover:bg-slate-600">
          Sign in
        </Link>
      </div>
    );
  }
  return (
    <div className="flex items-center gap-3" aria-label="Account">
      {user.image ? (
        // eslint-disable-next-line @next/next/no-img-element -- avatars come from the configured GitHub host
        <img src={user.image} alt="" width={28} height={28} className="h-7 w-7 rounded-full border border-slate-200 dark:border-slate-700" />
      ) : null}
      <span className="text-sm">
        <span className="font-medium" data-testid="user-name">
          {user.name ?? user.login}
        </span>{' '}
        <span className="text-slate-500 dark:text-slate-400">@{user.login}</span>
      </span>
      <ThemeToggle />
      <form action={signOutOfWebEdt}>
        <button type="submit" className="rounded-md px-2 py-1 text-sm text-slate-700 dark:text-slate-300 hover:bg-slate-100 dark:hover:bg-slate-800">
          Sign out
        </button>
      </form>
    </div>
  );
}
