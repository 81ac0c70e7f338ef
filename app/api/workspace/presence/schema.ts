import { z } from 'zod';
import { presenceCursor, presenceSelection, workspaceBranch, workspacePage } from '@/lib/workspace/collab-protocol';

/** The whole presence state of the caller on a branch; who it is comes from the session, never the body. */
export const presenceBody = workspaceBranch
  .extend({
    page: workspacePage,
    cursor: presenceCursor.nullable().default(null),
    selection: presenceSelection.nullable().default(null),
  })
  // Unknown fields (a forged `user_id`, say) are refused, not ignored.
  .strict()
  .refine((body) => !body.selection || body.cursor, { message: 'a selection needs a cursor', path: ['selection'] });
export type PresenceBody = z.infer<typeof presenceBody>;

export const presenceQuery = workspaceBranch;
