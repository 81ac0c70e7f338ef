import { z } from 'zod';
import { workspacePage } from '@/lib/workspace/collab-protocol';

/** The page the user asks from (the assistant is told); the messages to answer are the stored ones. */
export const executeBody = z.strictObject({ page: workspacePage.default('chat') });
