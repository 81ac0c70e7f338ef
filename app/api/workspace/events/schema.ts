import { z } from 'zod';
import { filePath, noteText, readerEventTypes, workspaceBranch, workspacePage } from '@/lib/workspace/collab-protocol';

/**
 * An event a reader posts, validated per type; its author is the signed-in user, never someone named
 * in the body. Events that claim a change (commits, file edits, uploads…) are not among them: the
 * server writes those itself when the change is committed.
 */
export const eventBody = z.discriminatedUnion(
  'type',
  [
    workspaceBranch
      .extend({
        type: z.literal('note'),
        page: workspacePage.nullable().default(null),
        /** The file the note is about, if any. */
        path: filePath.nullable().default(null),
        payload: z.strictObject({ text: noteText }),
      })
      // Unknown fields (a forged `user_id`, say) are refused, not ignored.
      .strict(),
  ],
  { error: () => `type must be one of: ${readerEventTypes.join(', ')} (changes are logged by the server when they are committed)` },
);

/** `after`: events after this sequence (polling); absent: the latest `limit` events (first load). */
export const eventsQuery = workspaceBranch.extend({
  after: z
    .string()
    .regex(/^\d{1,19}$/, 'must be an event id')
    .transform((value) => BigInt(value))
    .optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
