import { z } from 'zod';
import { clientEventTypes, filePath, workspaceBranch, workspacePage } from '@/lib/workspace/collab-protocol';

/** An event as an editor logs it; its author is the signed-in user, never someone named in the body. */
export const eventBody = workspaceBranch.extend({
  type: z.enum(clientEventTypes),
  page: workspacePage.nullable().default(null),
  path: filePath.nullable().default(null),
  payload: z.record(z.string(), z.unknown()).default({}),
})
  // Unknown fields (a forged `user_id`, say) are refused, not ignored.
  .strict();
export type EventBody = z.infer<typeof eventBody>;

/** `after`: events after this sequence (polling); absent: the latest `limit` events (first load). */
export const eventsQuery = workspaceBranch.extend({
  after: z
    .string()
    .regex(/^\d{1,19}$/, 'must be an event id')
    .transform((value) => BigInt(value))
    .optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
