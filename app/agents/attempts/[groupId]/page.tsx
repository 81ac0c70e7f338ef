import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { AttemptsComparison } from '@/components/agents/attempts-comparison';
import { NotificationPrompt } from '@/components/agents/notification-prompt';
import { PageHeader } from '@/components/page-header';
import { attemptGroupAgents, compareAttempts } from '@/lib/agents/attempts';
import { sessionUser } from '@/lib/auth';
import { db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { githubClientForUser } from '@/lib/github/client';
import { attemptGroupParams } from '../../../api/agents/attempts/schema';

export const metadata: Metadata = { title: 'Compare attempts' };

type Props = { params: Promise<{ groupId: string }> };

export default async function AttemptsPage({ params }: Props) {
  const parsed = attemptGroupParams.safeParse(await params);
  if (!parsed.success) notFound();
  const { groupId } = parsed.data;
  const user = await sessionUser();
  if (!user) {
    return (
      <>
        <PageHeader title="Compare attempts" />
        <section className="px-6 py-10 text-slate-600 dark:text-slate-400" aria-label="Attempts">
          <Link href={`/signin?callbackUrl=${encodeURIComponent(`/agents/attempts/${groupId}`)}`} className="text-indigo-700 dark:text-indigo-300 underline">
            Sign in to compare these attempts
          </Link>
        </section>
      </>
    );
  }
  const agents = await attemptGroupAgents(db(), user.id, groupId).catch((error: unknown) => {
    if (error instanceof AppError && error.code === 'not_found') notFound();
    throw error;
  });
  const attempts = await compareAttempts(db(), githubClientForUser(db(), user.id), agents);
  const [first] = agents;
  return (
    <>
      <PageHeader title={`Compare attempts: ${first!.task_request.split('\n')[0]!.slice(0, 100)}`} description={`${first!.repository_owner}/${first!.repository_name} from ${first!.base_branch}`}>
        <Link href="/agents" className="text-sm text-indigo-700 dark:text-indigo-300 hover:underline">
          All agents
        </Link>
      </PageHeader>
      <div className="px-4 py-5 md:px-6">
        <NotificationPrompt />
        <AttemptsComparison userId={user.id} groupId={groupId} initial={attempts} />
      </div>
    </>
  );
}
