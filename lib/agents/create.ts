import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Agent, Database } from '@/lib/db/schema';
import type { GitHubClient } from '@/lib/github/octokit';
import { AppError } from '@/lib/errors';
import { branchHead, isRepositoryEmpty } from '@/lib/github/repos';
import { agentBranchName } from './branch-name';
import { appendAgentEvent } from './queries';
import { enqueueAgentTurn } from './queue';

export interface NewAgent {
  owner: string;
  repo: string;
  baseBranch: string;
  taskRequest: string;
  branchPrefix?: string | null;
  /** The GitHub issue the task came from (see `from-issue.ts`). */
  issue?: { number: number; title: string } | null;
  /** The first turn only reads and proposes a plan; the work waits for its approval (see `plan.ts`). */
  planFirst?: boolean;
  /** One of several attempts of the task (`attempts.ts`): its group, number and the commit all of them branch from. */
  attempt?: { group: string; index: number; baseSha: string };
  /** Work on this existing branch (the workspace's) instead of a new auto-named one; `baseBranch` is then the same branch. */
  branch?: string | null;
}

/**
 * Stores the agent, its task and its first job together, if the base branch exists. The agent's own
 * branch is named here but created on GitHub by its first turn (`turn.ts`): creating a ref takes GitHub
 * two calls, and waiting for them here would hold up both the answer and the worker.
 */
export async function createAgent(db: Kysely<Database>, github: GitHubClient, userId: string, input: NewAgent): Promise<Agent> {
  const id = randomUUID();
  const branch = input.branch ?? agentBranchName(input.taskRequest, id, input.branchPrefix);
  return db.transaction().execute(async (trx) => {
    // GitHub is asked about the base while the rows are written; no base rolls them back.
    const [base, agent] = await Promise.all([
      branchHead(github, input.owner, input.repo, input.baseBranch),
      (async () => {
        const row = await trx
          .insertInto('agents')
          .values({
            id,
            user_id: userId,
            repository_owner: input.owner,
            repository_name: input.repo,
            repository_url: null,
            base_branch: input.baseBranch,
            branch,
            branch_prefix: input.branchPrefix ?? null,
            task_request: input.taskRequest,
            status: 'queued',
            issue_number: input.issue?.number ?? null,
            issue_title: input.issue?.title ?? null,
            plan_first: input.planFirst ?? false,
            attempt_group: input.attempt?.group ?? null,
            attempt_index: input.attempt?.index ?? null,
            base_sha: input.attempt?.baseSha ?? null,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await trx.insertInto('agent_messages').values({ agent_id: id, type: 'user', content: input.taskRequest, images: null }).execute();
        await appendAgentEvent(trx, id, 'user_message', { content: input.taskRequest });
        await appendAgentEvent(trx, id, 'status', { status: 'queued' });
        await enqueueAgentTurn(trx, id);
        return row;
      })(),
    ]);
    // In an empty repository no branch exists yet: the agent's first turn makes the first commit.
    if (!base && !(await isRepositoryEmpty(github, input.owner, input.repo))) {
      throw new AppError('not_found', `The base branch "${input.baseBranch}" does not exist in ${input.owner}/${input.repo}.`);
    }
    return agent;
  });
}
