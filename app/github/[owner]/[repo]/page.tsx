import type { Metadata } from 'next';
import { notFound, redirect } from 'next/navigation';
import { FirstCommitForm } from '@/components/workspace/first-commit-form';
import { requirePageUser } from '@/lib/auth/page';
import { isRepositoryEmpty } from '@/lib/github/repos';
import { readableRepo } from '@/lib/workspace/context';
import { decodeSegment, workspacePath } from '@/lib/workspace/urls';

type Props = { params: Promise<{ owner: string; repo: string }> };

export const metadata: Metadata = { title: 'Repository' };

/** A repository without a branch in the address: its default branch, or, while it is empty, its first commit. */
export default async function RepositoryPage({ params }: Props) {
  const user = await requirePageUser();
  const segments = await params;
  const owner = decodeSegment(segments.owner);
  const repo = decodeSegment(segments.repo);
  if (!owner || !repo) notFound();
  const access = await readableRepo(user, { owner, repo });
  const { data } = await access.github.rest.repos.get({ owner, repo });
  if (!(await isRepositoryEmpty(access.github, owner, repo))) redirect(workspacePath(owner, repo, data.default_branch, 'code'));
  return (
    <section aria-labelledby="empty-repository" className="mx-auto max-w-2xl px-6 py-10">
      <h1 id="empty-repository" className="text-xl font-semibold">
        {owner}/{repo} is empty
      </h1>
      <p className="mt-2 text-slate-600 dark:text-slate-400">
        It has no commits yet, so there is no branch to open. Its first commit creates the branch{' '}
        <code className="font-mono">{data.default_branch}</code>.
      </p>
      {access.permission === 'read' ? (
        <p className="mt-4 rounded-md bg-amber-50 dark:bg-amber-950 px-3 py-2 text-sm text-amber-800 dark:text-amber-200">
          You have read-only access: someone with write access has to make the first commit.
        </p>
      ) : (
        <FirstCommitForm owner={owner} repo={repo} branch={data.default_branch} />
      )}
    </section>
  );
}
