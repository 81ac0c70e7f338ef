import { workspaceBranch } from '@/lib/workspace/collab-protocol';

/** The branch to follow; the resume position is `Last-Event-ID` or `lastEventId` (see lib/realtime/sse.ts). */
export const streamQuery = workspaceBranch;
