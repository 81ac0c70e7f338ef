import { authorizeRepo, withUser } from '@/lib/auth';
import { attemptGroupAgents, chooseAttempt } from '@/lib/agents/attempts';
import { db } from '@/lib/db';
import { otherMethods, readJson } from '@/lib/http';
import { attemptGroupParams, chooseAttemptBody } from '../../schema';

export const dynamic = 'force-dynamic';

/** "Use this one": a pull request from the chosen attempt; the other attempts go to the trash. */
export const POST = withUser<{ groupId: string }>(async (request, { user, params }) => {
  const { groupId } = attemptGroupParams.parse(params);
  const { agentId } = await readJson(request, chooseAttemptBody);
  const agents = await attemptGroupAgents(db(), user.id, groupId);
  const { repository_owner: owner, repository_name: repo } = agents[0]!;
  const { github } = await authorizeRepo(user, { owner, repo }, 'write');
  const agentUrl = new URL(`/agents/${agentId}`, request.url).toString();
  return Response.json(await chooseAttempt(db(), github, agents, agentId, agentUrl), { status: 201 });
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods('POST');
