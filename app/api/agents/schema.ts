import { z } from 'zod';
import { branchName } from '@/lib/github/branch-names';
import { ownerName, repoName } from '@/lib/github/names';

export const createAgentBody = z.strictObject({
  owner: ownerName,
  repo: repoName,
  baseBranch: branchName,
  taskRequest: z.string().trim().min(1, 'Describe the task.').max(20_000, 'Keep the task under 20,000 characters.'),
  branchPrefix: z
    .string()
    .trim()
    .max(60)
    .optional()
    .transform((prefix) => prefix || undefined),
});

const agentStatus = z.enum(['queued', 'running', 'waiting', 'completed', 'failed', 'cancelled']);

export const listAgentsQuery = z.object({
  q: z.string().max(200).optional(),
  status: agentStatus.optional(),
  trash: z.enum(['1', '0']).optional(),
});
