import type { z } from 'zod';
import { getBranchAgent, listBranchAgents } from '@/lib/agents/branch-agents';
import { addFollowUp, requestCancel } from '@/lib/agents/control';
import { createAgent } from '@/lib/agents/create';
import { toAgentView } from '@/lib/agents/queries';
import { readJson, readQuery } from '@/lib/http';
import type { NoParams, WorkspaceRouteDeps } from '../deps';
import { branchAgentsQuery, followUpBody, startBranchAgentBody } from './schema';

type AgentParams = { agentId: string };

export function branchAgentsHandlers({ withRepoAccess, db }: WorkspaceRouteDeps) {
  /** The agents at work on the branch, for anyone who can read it. */
  const GET = withRepoAccess<NoParams>(
    'read',
    async (request) => Response.json({ agents: await listBranchAgents(db(), readQuery(request, branchAgentsQuery)) }),
    (request) => readQuery(request, branchAgentsQuery),
  );

  /** Starts an agent on the branch itself (write access). */
  const POST = withRepoAccess<NoParams, z.infer<typeof startBranchAgentBody>>(
    'write',
    async (_request, { github, user, located: { owner, repo, branch, taskRequest } }) => {
      const agent = await createAgent(db(), github, user.id, { owner, repo, baseBranch: branch, branch, taskRequest });
      return Response.json({ agent: toAgentView(agent) }, { status: 201 });
    },
    (request: Request) => readJson(request, startBranchAgentBody),
  );

  /** The agent's repository, from the agent named in the path: steering it needs write access there. */
  const locateAgent = async (_request: Request, { agentId }: AgentParams) => {
    const agent = await getBranchAgent(db(), agentId);
    return { owner: agent.repository_owner, repo: agent.repository_name, agent };
  };

  const followUp = withRepoAccess<AgentParams, Awaited<ReturnType<typeof locateAgent>>>(
    'write',
    async (request, { located: { agent } }) => {
      const { content } = await readJson(request, followUpBody);
      await addFollowUp(db(), agent, content);
      return new Response(null, { status: 204 });
    },
    locateAgent,
  );

  const cancel = withRepoAccess<AgentParams, Awaited<ReturnType<typeof locateAgent>>>(
    'write',
    async (_request, { located: { agent } }) => {
      await requestCancel(db(), agent);
      return new Response(null, { status: 204 });
    },
    locateAgent,
  );

  return { GET, POST, followUp, cancel };
}
