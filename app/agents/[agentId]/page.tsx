import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { AgentConversation } from '@/components/agents/agent-conversation';
import { IssueLink } from '@/components/agents/issue-link';
import { PlanReview } from '@/components/agents/plan-review';
import { AgentSeen } from '@/components/agents/agent-seen';
import { NotificationPrompt } from '@/components/agents/notification-prompt';
import { PullRequestButton } from '@/components/agents/pull-request-button';
import { FormError } from '@/components/form-error';
import { BranchDiff } from '@/components/github/branch-diff';
import { PageHeader } from '@/components/page-header';
import { agentBranchState, canProposeChanges } from '@/lib/agents/branch-state';
import { pullRequestState } from '@/lib/agents/pull-request';
import { agentEventsAfter, agentMessages, getOwnAgent, toAgentView, toEventView } from '@/lib/agents/queries';
import { foldAgentEvents, legacyTimeline } from '@/lib/agents/timeline';
import { sessionUser } from '@/lib/auth';
import { db } from '@/lib/db';
import type { Agent } from '@/lib/db/schema';
import { AppError } from '@/lib/errors';
import { githubClientForUser } from '@/lib/github/client';
import { commandsUnavailable } from '@/lib/sandbox/status';

type Props = { params: Promise<{ agentId: string }> };

/** Enough history for any real conversation; older steps stay in the database. */
const HISTORY_LIMIT = 20_000;

async function ownAgent(userId: string, agentId: string): Promise<Agent> {
  try {
    return await getOwnAgent(db(), userId, agentId);
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') notFound();
    throw error;
  }
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { agentId } = await params;
  return { title: `Agent ${agentId.slice(0, 8)}` };
}

export default async function AgentPage({ params }: Props) {
  const { agentId } = await params;
  const user = await sessionUser();
  if (!user) {
    return (
      <>
        <PageHeader title="Agent" description={`Agent ID: ${agentId}`} />
        <section className="px-6 py-10 text-slate-600 dark:text-slate-400" aria-label="Agent conversation">
          <Link href={`/signin?callbackUrl=${encodeURIComponent(`/agents/${agentId}`)}`} className="text-indigo-700 dark:text-indigo-300 underline">
            Sign in to see this agent
          </Link>
        </section>
      </>
    );
  }
  const agent = await ownAgent(user.id, agentId);
  const view = toAgentView(agent);
  const planPending = view.planFirst && !view.planApproved && view.status === 'waiting';
  const events = await agentEventsAfter(db(), agent.id, 0n, HISTORY_LIMIT);
  const migrated = !events.some((event) => event.event_type === 'user_message');
  const start = migrated ? legacyTimeline(await agentMessages(db(), agent.id)) : undefined;
  const timeline = foldAgentEvents(events.map(toEventView), start);
  const github = githubClientForUser(db(), user.id);
  // The conversation refreshes this page when the agent's stream says the branch, status, commits, cost or PR changed.
  const [prState, branch, noCommands] = await Promise.all([
    pullRequestState(github, agent).catch(() => null),
    agentBranchState(github, view),
    commandsUnavailable(),
  ]);

  return (
    <>
      <PageHeader title={view.taskRequest.split('\n')[0]!.slice(0, 120)} description={`Agent ID: ${agent.id}`}>
        <div className="flex flex-wrap items-center justify-end gap-2 text-sm">
          {branch.state === 'missing' ? <span className="text-slate-600 dark:text-slate-400">No branch yet: the agent makes it when its first turn runs.</span> : null}
          {view.workspaceUrl && branch.state === 'ready' ? (
            <Link href={view.workspaceUrl} className="rounded-md border border-slate-300 dark:border-slate-600 px-3 py-1 font-medium hover:bg-slate-50 dark:hover:bg-slate-900">
              Open in workspace
            </Link>
          ) : null}
          {view.prUrl ? (
            <a href={view.prUrl} target="_blank" rel="noreferrer" className="rounded-md px-2 py-1 text-indigo-700 dark:text-indigo-300 hover:underline">
              PR #{view.prNumber} {prState ? <span data-testid="pr-state">{prState}</span> : null}
            </a>
          ) : canProposeChanges(branch) ? (
            <PullRequestButton agentId={agent.id} />
          ) : null}
        </div>
      </PageHeader>
      <div className="grid gap-6 px-6 py-5 xl:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
        <div>
          <p className="mb-3 text-xs text-slate-600 dark:text-slate-400">
            {view.owner}/{view.repo} · <span className="font-mono">{view.branch}</span> from <span className="font-mono">{view.baseBranch}</span>
            {view.costUsd !== null ? <span data-testid="agent-cost"> · ${view.costUsd.toFixed(4)}</span> : null}
          </p>
          {view.issue ? (
            <p className="mb-3 text-sm">
              Working on <IssueLink issue={view.issue} />
            </p>
          ) : null}
          {noCommands ? <p className="mb-3 text-xs text-amber-800 dark:text-amber-200">{noCommands}</p> : null}
          {view.plan && (planPending || view.planApproved) ? <PlanReview key={view.plan} agentId={agent.id} plan={view.plan} pending={planPending} /> : null}
          <AgentSeen agentId={agent.id} status={agent.status} />
          <NotificationPrompt />
          {view.attemptGroup ? (
            <p className="mb-3 text-sm">
              Attempt {view.attemptIndex} of several ·{' '}
              <Link href={`/agents/attempts/${view.attemptGroup}`} className="text-indigo-700 dark:text-indigo-300 underline">
                Compare attempts
              </Link>
            </p>
          ) : null}
          <AgentConversation agentId={agent.id} initial={timeline} initialStatus={agent.status} planPending={planPending} />
        </div>
        <section aria-labelledby="diff-heading">
          <h2 id="diff-heading" className="mb-2 text-sm font-semibold">
            Changes against {view.baseBranch}
          </h2>
          {branch.state === 'ready' ? (
            <BranchDiff files={branch.comparison.files} base={branch.base} />
          ) : branch.state === 'missing' ? (
            <p className="text-sm text-slate-600 dark:text-slate-400">
              No changes yet: the agent creates {branch.branch} from {branch.base} when it starts.
            </p>
          ) : branch.state === 'failed' ? (
            <FormError look="inline" className="text-sm">
              Could not compare {view.branch} with {view.baseBranch}: {branch.message}
            </FormError>
          ) : (
            <p className="text-sm text-slate-600 dark:text-slate-400">This agent has no branch.</p>
          )}
        </section>
      </div>
    </>
  );
}
