import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { Agent, Database } from '@/lib/db/schema';
import { AppError } from '@/lib/errors';
import type { GitHubClient } from '@/lib/github/octokit';
import { branchHead } from '@/lib/github/repos';
import type { CommandSummary } from '@/lib/sandbox/summary';
import { agentBranchState, type AgentBranchState, canProposeChanges } from './branch-state';
import { requestCancel } from './control';
import { type NewAgent, createAgent } from './create';
import { openAgentPullRequest } from './pull-request';
import { ACTIVE_STATUSES, type AgentView, toAgentView } from './queries';

/**
 * Starts `count` agents on the same task, each on its own branch from the same base commit, so their
 * results can be compared. They run side by side within the owner's running limit (the rest queue), so
 * more attempts than that limit could never all run at once and are refused before anything starts.
 */
export async function startAttempts(
  db: Kysely<Database>,
  github: GitHubClient,
  userId: string,
  input: NewAgent,
  count: number,
  perUserLimit: number,
): Promise<{ group: string; agents: Agent[] }> {
  if (count > perUserLimit) {
    throw new AppError('unprocessable', `You can run ${perUserLimit} agents at once, so at most ${perUserLimit} attempts; choose fewer.`);
  }
  const baseSha = await branchHead(github, input.owner, input.repo, input.baseBranch);
  if (!baseSha) {
    throw new AppError('not_found', `The base branch "${input.baseBranch}" does not exist in ${input.owner}/${input.repo}, so there is no commit to start the attempts from.`);
  }
  const group = randomUUID();
  const created = await Promise.allSettled(
    Array.from({ length: count }, (_, i) => createAgent(db, github, userId, { ...input, attempt: { group, index: i + 1, baseSha } })),
  );
  const failure = created.find((result) => result.status === 'rejected');
  const agents = created.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  if (failure) {
    // A partial set is not what was asked for: the attempts already stored are stopped and trashed.
    await Promise.all(agents.map((agent) => discardAttempt(db, agent)));
    throw failure.reason;
  }
  return { group, agents };
}

/** Stops the attempt if it still runs and moves it to the trash (restorable from there). */
async function discardAttempt(db: Kysely<Database>, stored: Agent): Promise<void> {
  const agent = await db.selectFrom('agents').selectAll().where('id', '=', stored.id).executeTakeFirstOrThrow();
  if (ACTIVE_STATUSES.includes(agent.status)) {
    await requestCancel(db, agent).catch((error: unknown) => {
      // It ended meanwhile: nothing left to stop.
      if (!(error instanceof AppError && error.code === 'conflict')) throw error;
    });
  }
  await db.updateTable('agents').set({ deleted_at: sql`now()`, updated_at: sql`now()` }).where('id', '=', agent.id).execute();
}

/** The user's live attempts of one group, in order; anyone else's group is indistinguishable from a missing one. */
export async function attemptGroupAgents(db: Kysely<Database>, userId: string, group: string): Promise<Agent[]> {
  const agents = await db
    .selectFrom('agents')
    .selectAll()
    .where('attempt_group', '=', group)
    .where('user_id', '=', userId)
    .where('deleted_at', 'is', null)
    .orderBy('attempt_index')
    .execute();
  if (agents.length === 0) throw new AppError('not_found', 'Those attempts do not exist, or they are not yours.');
  return agents;
}

export interface AttemptComparison {
  agent: AgentView;
  branch: AgentBranchState;
  filesChanged: number;
  additions: number;
  deletions: number;
  /** The attempt's last test run in the sandbox, if it ran one. */
  testRun: CommandSummary | null;
  /** It has finished with commits and has no pull request yet: "Use this one" can succeed. */
  usable: boolean;
}

/** The last test run of each agent, read from its `tool_result` events. */
async function lastTestRuns(db: Kysely<Database>, agentIds: string[]): Promise<Map<string, CommandSummary>> {
  const rows = await db
    .selectFrom('agent_events')
    .select(['agent_id', sql<CommandSummary>`event_data->'command'`.as('command')])
    .distinctOn('agent_id')
    .where('agent_id', 'in', agentIds)
    .where('event_type', '=', 'tool_result')
    .where(sql<boolean>`(event_data->'command'->>'isTest')::boolean`)
    .orderBy('agent_id')
    .orderBy('id', 'desc')
    .execute();
  return new Map(rows.map((row) => [row.agent_id, row.command]));
}

/** Each attempt side by side: status, cost, what its branch changed against the base, and its tests. */
export async function compareAttempts(db: Kysely<Database>, github: GitHubClient, agents: Agent[]): Promise<AttemptComparison[]> {
  const views = agents.map(toAgentView);
  const [branches, tests] = await Promise.all([Promise.all(views.map((view) => agentBranchState(github, view))), lastTestRuns(db, views.map((view) => view.id))]);
  return views.map((agent, i) => {
    const branch = branches[i]!;
    const files = branch.state === 'ready' ? branch.comparison.files : [];
    return {
      agent,
      branch,
      filesChanged: files.length,
      additions: files.reduce((sum, file) => sum + file.additions, 0),
      deletions: files.reduce((sum, file) => sum + file.deletions, 0),
      testRun: tests.get(agent.id) ?? null,
      usable: !ACTIVE_STATUSES.includes(agent.status) && agent.prNumber === null && canProposeChanges(branch),
    };
  });
}

/**
 * "Use this one": the chosen attempt becomes a pull request and the others go to the trash (stopped
 * first if they still run). The pull request comes first: if GitHub refuses it, nothing is trashed.
 */
export async function chooseAttempt(
  db: Kysely<Database>,
  github: GitHubClient,
  agents: Agent[],
  chosenId: string,
  agentUrl: string,
): Promise<{ pullRequest: { number: number; url: string }; trashed: string[] }> {
  const chosen = agents.find((agent) => agent.id === chosenId);
  if (!chosen) throw new AppError('not_found', 'That agent is not one of these attempts.');
  if (ACTIVE_STATUSES.includes(chosen.status)) throw new AppError('conflict', 'Wait until this attempt has finished before using it.');
  // Chosen before, but the others were not all trashed then: finish the job rather than refuse it.
  const pullRequest =
    chosen.pr_number !== null && chosen.pr_url !== null ? { number: chosen.pr_number, url: chosen.pr_url } : await openAgentPullRequest(db, github, chosen, agentUrl);
  const others = agents.filter((agent) => agent.id !== chosen.id);
  await Promise.all(others.map((agent) => discardAttempt(db, agent)));
  return { pullRequest, trashed: others.map((agent) => agent.id) };
}
