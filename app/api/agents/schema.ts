import { z } from 'zod';
import { branchName } from '@/lib/github/branch-names';
import { ownerName, repoName } from '@/lib/github/names';

export const createAgentBody = z
  .strictObject({
    owner: ownerName,
    repo: repoName,
    baseBranch: branchName,
    taskRequest: z
      .string()
      .trim()
      .max(20_000, 'Keep the task under 20,000 characters.')
      .optional()
      .transform((task) => task || undefined),
    branchPrefix: z
      .string()
      .trim()
      .max(60)
      .optional()
      .transform((prefix) => prefix || undefined),
    /** Start from this GitHub issue of the repository; `taskRequest` then adds instructions. */
    issueNumber: z.number().int('An issue number is a whole number.').positive('An issue number is positive.').max(2_147_483_647).optional(),
    planFirst: z.boolean().optional(),
  })
  .refine((body) => body.taskRequest !== undefined || body.issueNumber !== undefined, { message: 'Describe the task.', path: ['taskRequest'] });

const agentStatus = z.enum(['queued', 'running', 'waiting', 'completed', 'failed', 'cancelled']);

export const listAgentsQuery = z.object({
  q: z.string().max(200).optional(),
  status: agentStatus.optional(),
  trash: z.enum(['1', '0']).optional(),
});
