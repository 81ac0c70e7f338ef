import { type Kysely, sql } from 'kysely';
import type { Agent, Database } from '@/lib/db/schema';
import { AppError } from '@/lib/errors';
import type { GitHubClient } from '@/lib/github/octokit';
import { appendAgentEvent } from './queries';

export type PullRequestState = 'open' | 'closed' | 'merged';

function title(task: string): string {
  const firstLine = task.split('\n')[0]!.trim();
  return firstLine.length > 72 ? `${firstLine.slice(0, 69)}…` : firstLine;
}

/** The task, then `Fixes #N` for an agent on an issue, so merging closes it (GitHub's closing keyword). */
function pullRequestBody(agent: Agent, agentUrl: string): string {
  const fixes = agent.issue_number !== null ? `Fixes #${agent.issue_number}\n\n` : '';
  return `${fixes}${agent.task_request}\n\n---\nOpened by a WebEDT agent: ${agentUrl}`;
}

/** One pull request per agent, from its branch into its base. */
export async function openAgentPullRequest(
  db: Kysely<Database>,
  github: GitHubClient,
  agent: Agent,
  agentUrl: string,
): Promise<{ number: number; url: string }> {
  if (agent.pr_number !== null) throw new AppError('conflict', `This agent already has pull request #${agent.pr_number}.`);
  const { repository_owner: owner, repository_name: repo, branch, base_branch: base } = agent;
  if (!owner || !repo || !branch || !base) throw new AppError('conflict', 'This agent has no branch to open a pull request from.');
  // GitHub's refusals (no commits ahead, a pull request already open) reach the user through toAppError.
  const created = await github.rest.pulls.create({
    owner,
    repo,
    head: branch,
    base,
    title: title(agent.task_request),
    body: pullRequestBody(agent, agentUrl),
  });
  const pr = { number: created.data.number, url: created.data.html_url };
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('agents').set({ pr_number: pr.number, pr_url: pr.url, updated_at: sql`now()` }).where('id', '=', agent.id).execute();
    await appendAgentEvent(trx, agent.id, 'pull_request', pr);
  });
  return pr;
}

export async function pullRequestState(github: GitHubClient, agent: Agent): Promise<PullRequestState | null> {
  if (agent.pr_number === null || !agent.repository_owner || !agent.repository_name) return null;
  const { data } = await github.rest.pulls.get({ owner: agent.repository_owner, repo: agent.repository_name, pull_number: agent.pr_number });
  return data.merged_at ? 'merged' : data.state === 'closed' ? 'closed' : 'open';
}
