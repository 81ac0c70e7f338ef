import { z } from 'zod';
import { workspaceBranch } from '@/lib/workspace/collab-protocol';

export const branchAgentsQuery = workspaceBranch;

/** An agent started on the workspace's branch: it works on that branch, not on a new one. */
export const startBranchAgentBody = workspaceBranch
  .extend({ taskRequest: z.string().trim().min(1, 'Describe the task.').max(20_000, 'Keep the task under 20,000 characters.') })
  .strict();

export const followUpBody = z.strictObject({
  content: z.string().trim().min(1, 'Write a message.').max(20_000, 'Keep the message under 20,000 characters.'),
});
