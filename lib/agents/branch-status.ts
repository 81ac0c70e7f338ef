import type { Kysely } from 'kysely';
import type { Database } from '@/lib/db/schema';
import { agentLabel, agentParticipantId, type AgentStepStatus, appendParticipantStep } from '@/lib/workspace/participants';

/**
 * An agent's status, told on its branch as a step of the agent in the activity feed ("Agent 'Fix login'
 * finished"); the agents panel of everyone on the branch reads the agent list again when one arrives.
 * Written in the transaction that changes the status, so whoever is notified of it reads the new status.
 */

const wording: Record<AgentStepStatus, string> = {
  queued: 'is queued',
  running: 'started working',
  waiting: 'is waiting for its plan to be approved',
  completed: 'finished',
  failed: 'failed',
  cancelled: 'was stopped',
  stopping: 'is stopping',
};

export async function announceAgentStatus(db: Kysely<Database>, agentId: string, status: AgentStepStatus): Promise<void> {
  const agent = await db
    .selectFrom('agents')
    .select(['user_id', 'repository_owner', 'repository_name', 'branch', 'task_request'])
    .where('id', '=', agentId)
    .executeTakeFirst();
  if (!agent?.repository_owner || !agent.repository_name || !agent.branch) return;
  await appendParticipantStep(db, { owner: agent.repository_owner, repo: agent.repository_name, branch: agent.branch }, agent.user_id, {
    participantId: agentParticipantId(agentId),
    kind: 'agent',
    label: agentLabel(agent.task_request),
    agentId,
    // Status steps fold together in the feed ("is stopping", then "was stopped"), apart from a turn's work.
    turn: `${agentId}#status`,
    text: wording[status],
    status,
    page: 'code',
    path: null,
  });
}
