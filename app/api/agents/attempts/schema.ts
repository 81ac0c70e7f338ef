import { z } from 'zod';
import { MAX_ATTEMPTS } from '@/lib/agents/attempt-limits';
import { createAgentBody } from '../schema';

export const startAttemptsBody = createAgentBody.extend({
  attempts: z
    .number({ error: 'Say how many attempts to run.' })
    .int('Attempts are a whole number.')
    .min(1, 'Run at least 1 attempt.')
    .max(MAX_ATTEMPTS, `Run at most ${MAX_ATTEMPTS} attempts.`),
});

export const chooseAttemptBody = z.strictObject({ agentId: z.string().min(1).max(100) });

export const attemptGroupParams = z.object({ groupId: z.uuid('That is not an attempt group.') });
