import { z } from 'zod';

/** The Live Chat commit to revert. */
export const revertBody = z.strictObject({ sha: z.string().regex(/^[0-9a-f]{40}([0-9a-f]{24})?$/, 'must be a full commit sha') });
