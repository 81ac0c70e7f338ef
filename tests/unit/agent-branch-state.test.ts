import { describe, expect, it } from 'vitest';
import { agentBranchState, canProposeChanges } from '@/lib/agents/branch-state';
import type { AgentView } from '@/lib/agents/queries';
import type { GitHubClient } from '@/lib/github/octokit';

const agent = { owner: 'alice', repo: 'sample-game', branch: 'agent/fix-3f2a9c1e', baseBranch: 'main' } as AgentView;

/** A client whose compare call answers `answer` (data) or throws it (an Octokit-like error). */
function comparing(answer: { ahead_by: number } | Error): GitHubClient {
  const compareCommitsWithBasehead = async () => {
    if (answer instanceof Error) throw answer;
    return { data: { status: answer.ahead_by ? 'ahead' : 'identical', ahead_by: answer.ahead_by, behind_by: 0, files: [] } };
  };
  return { rest: { repos: { compareCommitsWithBasehead } } } as unknown as GitHubClient;
}

const httpError = (status: number) => Object.assign(new Error('x'), { name: 'HttpError', status, response: { status, headers: {}, data: {} } });

describe("an agent's branch state", () => {
  it('offers a pull request only when the branch has commits its base does not have', async () => {
    const ahead = await agentBranchState(comparing({ ahead_by: 2 }), agent);
    expect(ahead).toMatchObject({ state: 'ready', branch: 'agent/fix-3f2a9c1e', base: 'main', comparison: { aheadBy: 2 } });
    expect(canProposeChanges(ahead)).toBe(true);
    const even = await agentBranchState(comparing({ ahead_by: 0 }), agent);
    expect(even.state).toBe('ready');
    expect(canProposeChanges(even)).toBe(false);
  });

  it('is missing before the first turn made the branch, failed (in words) when GitHub fails, none without a branch', async () => {
    expect(await agentBranchState(comparing(httpError(404)), agent)).toEqual({ state: 'missing', branch: 'agent/fix-3f2a9c1e', base: 'main' });
    expect(await agentBranchState(comparing(httpError(502)), agent)).toEqual({
      state: 'failed',
      message: 'GitHub is not responding right now. Please try again in a moment.',
    });
    expect(await agentBranchState(comparing({ ahead_by: 1 }), { ...agent, branch: null })).toEqual({ state: 'none' });
    expect(canProposeChanges({ state: 'missing', branch: 'b', base: 'main' })).toBe(false);
  });
});
