import { type Kysely, sql } from 'kysely';
import type { Agent, Database } from '@/lib/db/schema';
import { AppError } from '@/lib/errors';
import { appendAgentEvent } from './queries';
import { enqueueAgentTurn } from './queue';

/**
 * Plan first: the agent's first turn only reads and proposes a plan; the agent then waits (status
 * `waiting`) until its owner approves the plan, possibly edited, and the work follows that plan.
 */

/** The user message that starts the work; the plan itself is in the turn's instructions. */
export const PLAN_APPROVED_MESSAGE = 'The plan is approved. Carry it out now.';

const PLANNING_INSTRUCTIONS = [
  'This turn is for planning only: look at the repository with list_files, read_file and search, but change nothing',
  '(you cannot write, edit or delete files or run commands now).',
  'Answer with a plan for the task: numbered steps, and under "Files" the files you will create, change or delete.',
  'The user reviews the plan, may edit it, and approves it before you carry it out.',
].join(' ');

/** True while the agent still has to propose a plan, or have it approved: its turns only read. */
export function isPlanning(agent: Agent): boolean {
  return agent.plan_first && agent.plan_approved_at === null;
}

/** What a turn of this agent must do beyond its task: plan, or follow the approved plan. */
export function planInstructions(agent: Agent): string | null {
  if (isPlanning(agent)) return PLANNING_INSTRUCTIONS;
  if (agent.plan_first && agent.plan) {
    return `The user approved this plan; follow it (it replaces any earlier plan of yours):\n\n<approved_plan>\n${agent.plan}\n</approved_plan>`;
  }
  return null;
}

/** The planning turn's answer becomes the agent's plan, and the agent waits for its owner. */
export async function proposePlan(db: Kysely<Database>, agentId: string, plan: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('agents').set({ plan, status: 'waiting', updated_at: sql`now()` }).where('id', '=', agentId).execute();
    await appendAgentEvent(trx, agentId, 'plan_proposed', { plan });
    await appendAgentEvent(trx, agentId, 'status', { status: 'waiting' });
  });
}

/**
 * Approves the waiting agent's plan (as the owner edited it) and queues the work. Anything but a
 * waiting plan-first agent with its plan unapproved is a conflict, and nothing starts.
 */
export async function approvePlan(db: Kysely<Database>, agent: Agent, plan: string): Promise<void> {
  if (agent.deleted_at) throw new AppError('conflict', 'Restore the agent from the trash before approving its plan.');
  await db.transaction().execute(async (trx) => {
    const locked = await trx.selectFrom('agents').selectAll().where('id', '=', agent.id).forNoKeyUpdate().executeTakeFirstOrThrow();
    if (!locked.plan_first || locked.plan_approved_at !== null) {
      throw new AppError('conflict', locked.plan_first ? 'This plan has already been approved.' : 'This agent did not plan first; there is no plan to approve.');
    }
    if (locked.status !== 'waiting') {
      throw new AppError('conflict', `The agent is not waiting for a plan approval (it is ${locked.status}).`);
    }
    await trx
      .updateTable('agents')
      .set({ plan, plan_approved_at: sql`now()`, status: 'queued', updated_at: sql`now()` })
      .where('id', '=', agent.id)
      .execute();
    await trx.insertInto('agent_messages').values({ agent_id: agent.id, type: 'user', content: PLAN_APPROVED_MESSAGE, images: null }).execute();
    await appendAgentEvent(trx, agent.id, 'plan_approved', { plan });
    await appendAgentEvent(trx, agent.id, 'status', { status: 'queued' });
    await enqueueAgentTurn(trx, agent.id);
  });
}
