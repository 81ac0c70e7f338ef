import { toAppError } from '@/lib/errors';
import { type Comparison, compareWithBase } from '@/lib/github/compare';
import type { GitHubClient } from '@/lib/github/octokit';
import type { AgentView } from './queries';

/** Where the agent's branch stands, which decides what its page offers (workspace link, pull request, diff). */
export type AgentBranchState =
  | { state: 'none' }
  /** Named but not made yet: the agent's first turn makes it. */
  | { state: 'missing'; branch: string; base: string }
  | { state: 'failed'; message: string }
  | { state: 'ready'; branch: string; base: string; comparison: Comparison };

/** One compare call tells both whether the branch exists (404: not yet) and what it changed. */
export async function agentBranchState(github: GitHubClient, agent: AgentView): Promise<AgentBranchState> {
  const { owner, repo, branch, baseBranch: base } = agent;
  if (!owner || !repo || !branch || !base) return { state: 'none' };
  try {
    return { state: 'ready', branch, base, comparison: await compareWithBase(github, { owner, repo, base, head: branch }) };
  } catch (error) {
    if ((error as { status?: number }).status === 404) return { state: 'missing', branch, base };
    return { state: 'failed', message: toAppError(error).message };
  }
}

/** A pull request can only be opened from a branch with commits its base does not have. */
export function canProposeChanges(branch: AgentBranchState): boolean {
  return branch.state === 'ready' && branch.comparison.aheadBy > 0;
}
