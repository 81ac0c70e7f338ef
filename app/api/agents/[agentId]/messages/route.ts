import { z } from 'zod';
import { withUser } from '@/lib/auth';
import { addFollowUp } from '@/lib/agents/control';
import { agentMessages, getOwnAgent } from '@/lib/agents/queries';
import { db } from '@/lib/db';
import { otherMethods, readJson } from '@/lib/http';

export const dynamic = 'force-dynamic';

type Params = { agentId: string };

const followUpBody = z.strictObject({
  content: z.string().trim().min(1, 'Write a message.').max(20_000, 'Keep the message under 20,000 characters.'),
});

export const GET = withUser<Params>(async (_request, { user, params }) => {
  const agent = await getOwnAgent(db(), user.id, params.agentId);
  return Response.json({ messages: await agentMessages(db(), agent.id) });
});

export const POST = withUser<Params>(async (request, { user, params }) => {
  const agent = await getOwnAgent(db(), user.id, params.agentId);
  const { content } = await readJson(request, followUpBody);
  await addFollowUp(db(), agent, content);
  return Response.json({ ok: true }, { status: 202 });
});

export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods('GET', 'POST');
