import type { GitHubClient } from '@/lib/github/octokit';
import { issueForAgent, issueTask } from '@/lib/github/issues';
import type { NewAgent } from './create';

/** What the new-agent form sends: a task, or an issue (its instructions then optional). */
export interface NewAgentRequest extends Omit<NewAgent, 'taskRequest' | 'issue'> {
  taskRequest?: string;
  issueNumber?: number;
}

/**
 * The agent to create: for an issue, its task is the issue's title, body and comments (read now, so
 * the agent works on what the issue said when it was started) plus the user's instructions. A missing
 * issue or a pull request's number is refused here, before anything is stored.
 */
export async function resolveNewAgent(github: GitHubClient, request: NewAgentRequest): Promise<NewAgent> {
  const { issueNumber, taskRequest, ...rest } = request;
  if (issueNumber === undefined) return { ...rest, taskRequest: taskRequest ?? '' };
  const issue = await issueForAgent(github, request.owner, request.repo, issueNumber);
  return { ...rest, taskRequest: issueTask(issue, taskRequest), issue: { number: issue.number, title: issue.title } };
}
