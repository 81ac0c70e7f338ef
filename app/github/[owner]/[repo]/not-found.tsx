'use client';

import Link from 'next/link';
import { useParams } from 'next/navigation';
import { decodeSegment } from '@/lib/workspace/urls';

function decoded(value: string | string[] | undefined): string {
  const segment = Array.isArray(value) ? value.join('/') : (value ?? '');
  return decodeSegment(segment) ?? segment;
}

/** Shown when the branch does not exist or the repository is not visible to the user (GitHub says 404 for both). */
export default function WorkspaceNotFound() {
  const params = useParams();
  const owner = decoded(params.owner);
  const repo = decoded(params.repo);
  const branch = decoded(params.branch);
  return (
    <section className="px-6 py-16 text-center" aria-labelledby="workspace-not-found">
      <h1 id="workspace-not-found" className="text-xl font-semibold">
        Workspace not found
      </h1>
      <p className="mt-2 text-slate-600 dark:text-slate-400">
        {branch ? (
          <>
            There is no branch <code className="font-mono">{branch}</code> in{' '}
          </>
        ) : (
          'Nothing found in '
        )}
        <code className="font-mono">
          {owner}/{repo}
        </code>
        , or you do not have access to that repository.
      </p>
      <Link href="/workspace" className="mt-4 inline-block text-indigo-700 dark:text-indigo-300 underline">
        Choose a repository and branch
      </Link>
    </section>
  );
}
