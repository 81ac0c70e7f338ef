import { withRepoAccess } from '@/lib/auth';
import { startAttempts } from '@/lib/agents/attempts';
import { resolveNewAgent } from '@/lib/agents/from-issue';
import { toAgentView } from '@/lib/agents/queries';
import { db } from '@/lib/db';
import { env } from '@/lib/env';
import { otherMethods, readJson } from '@/lib/http';
import { startAttemptsBody } from './schema';

export const dynamic = 'force-dynamic';

/** Several attempts of one task, each an agent on its own branch from the same base commit. */
export const POST = withRepoAccess(
  'write',
  async (_request, { github, user, located: { attempts, ...task } }) => {
    const { group, agents } = await startAttempts(db(), github, user.id, await resolveNewAgent(github, task), attempts, env().AGENT_PER_USER_LIMIT);
    return Response.json({ group, agents: agents.map(toAgentView) }, { status: 201 });
  },
  // The repository comes from the body.
  (request: Request) => readJson(request, startAttemptsBody),
);

export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods('POST');
