import { notFound } from 'next/navigation';
import { CollabProvider } from '@/components/workspace/collab/collab-provider';
import { authorizeRepo } from '@/lib/auth';
import { requirePageUser } from '@/lib/auth/page';
import { env } from '@/lib/env';
import { filePath, workspaceBranch } from '@/lib/workspace/collab-protocol';
import { HarnessEditor } from './harness-editor';

export const dynamic = 'force-dynamic';

const harnessQuery = workspaceBranch.extend({ path: filePath });

/**
 * Browser-test harness (only with WEBEDT_TEST_HARNESS): a bare CodeMirror editor wired to the
 * branch's presence, to check remote cursors and "file changed" end to end before the code editor
 * carries them.
 */
export default async function RemoteCursorsHarness({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  if (!env().WEBEDT_TEST_HARNESS) notFound();
  const user = await requirePageUser();
  const query = harnessQuery.safeParse(await searchParams);
  if (!query.success) notFound();
  const { owner, repo, branch, path } = query.data;
  const readable = await authorizeRepo(user, { owner, repo }, 'read').then(
    () => true,
    () => false,
  );
  if (!readable) notFound();
  return (
    <section aria-label="Remote cursors harness" className="p-6">
      <h1 className="mb-3 font-mono text-sm">{path}</h1>
      <CollabProvider owner={owner} repo={repo} branch={branch} selfId={user.id} page="code">
        <HarnessEditor path={path} />
      </CollabProvider>
    </section>
  );
}
