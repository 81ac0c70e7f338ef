'use client';

import { useRouter } from 'next/navigation';
import { type FormEvent, useState } from 'react';
import { createFirstCommit } from '@/app/github/[owner]/[repo]/actions';
import { FormError } from '@/components/form-error';

/** Makes an empty repository's first commit: a README.md the user can edit before committing. */
export function FirstCommitForm({ owner, repo, branch }: { owner: string; repo: string; branch: string }) {
  const router = useRouter();
  const [readme, setReadme] = useState(`# ${repo}\n`);
  const [message, setMessage] = useState('Add README.md');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setPending(true);
    setError(null);
    const result = await createFirstCommit({ owner, repo, branch, message, readme }).catch(() => null);
    if (result?.ok) {
      router.push(result.data.url);
      return;
    }
    setError(result?.error.message ?? 'The server could not be reached. Try again.');
    setPending(false);
  }

  return (
    <form onSubmit={submit} aria-label="First commit" className="mt-6 space-y-4">
      <label className="block text-sm">
        <span className="font-medium text-slate-800 dark:text-slate-200">README.md</span>
        <textarea
          value={readme}
          onChange={(event) => setReadme(event.target.value)}
          rows={8}
          className="mt-1 block w-full rounded-md border border-slate-300 dark:border-slate-600 px-3 py-2 font-mono text-sm"
        />
      </label>
      <label className="block text-sm">
        <span className="font-medium text-slate-800 dark:text-slate-200">Commit message</span>
        <input
          value={message}
          onChange={(event) => setMessage(event.target.value)}
          className="mt-1 block w-full rounded-md border border-slate-300 dark:border-slate-600 px-3 py-2 text-sm"
        />
      </label>
      <FormError>{error}</FormError>
      <button
        type="submit"
        disabled={pending || !message.trim()}
        className="rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-700 disabled:opacity-50"
      >
        {pending ? 'Committing…' : 'Create README.md'}
      </button>
    </form>
  );
}
