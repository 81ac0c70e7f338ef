import { withUser } from '@/lib/auth';
import { attemptGroupAgents, compareAttempts } from '@/lib/agents/attempts';
import { db } from '@/lib/db';
import { githubClientForUser } from '@/lib/github/client';
import { attemptGroupParams } from '../schema';
import { otherMethods } from '@/lib/http';

export const dynamic = 'force-dynamic';

/** The attempts of one task side by side (the comparison page reloads it while they run). */
export const GET = withUser<{ groupId: string }>(async (_request, { user, params }) => {
  const { groupId } = attemptGroupParams.parse(params);
  const agents = await attemptGroupAgents(db(), user.id, groupId);
  return Response.json({ attempts: await compareAttempts(db(), githubClientForUser(db(), user.id), agents) });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods('GET');
