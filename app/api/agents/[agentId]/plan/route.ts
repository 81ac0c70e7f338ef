import { z } from 'zod';
import { withUser } from '@/lib/auth';
import { approvePlan } from '@/lib/agents/plan';
import { getOwnAgent, toAgentView } from '@/lib/agents/queries';
import { db } from '@/lib/db';
import { otherMethods, readJson } from '@/lib/http';

export const dynamic = 'force-dynamic';

const approvePlanBody = z.strictObject({
  plan: z.string().trim().min(1, 'The plan cannot be empty.').max(20_000, 'Keep the plan under 20,000 characters.'),
});

/** Approves a waiting agent's plan (as edited) and starts the work; only its owner may. */
export const POST = withUser<{ agentId: string }>(async (request, { user, params }) => {
  const agent = await getOwnAgent(db(), user.id, params.agentId);
  const { plan } = await readJson(request, approvePlanBody);
  await approvePlan(db(), agent, plan);
  return Response.json({ agent: toAgentView(await getOwnAgent(db(), user.id, agent.id)) }, { status: 202 });
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods('POST');
