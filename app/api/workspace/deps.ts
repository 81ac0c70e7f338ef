import type { Guards } from '@/lib/auth/guard';
import type { DB } from '@/lib/db/client';
import type { RealtimeChannel } from '@/lib/realtime/listener';
import type { LogStreamListener } from '@/lib/realtime/log-stream';
import type { PresenceWriter } from '@/lib/workspace/presence';

/**
 * What the workspace route handlers are built from. The routes bind the app's (session user,
 * process pool, process listener: `app-deps.ts`); integration tests bind their own user and database
 * and drive the very same handlers.
 */
export interface WorkspaceRouteDeps {
  withRepoAccess: Guards['withRepoAccess'];
  db: () => DB;
  listener: () => LogStreamListener<RealtimeChannel>;
  /** The process's batched presence writes (lib/workspace/presence.ts). */
  presence: () => PresenceWriter;
}

/** These routes have no dynamic segments: owner, repo and branch come from the query or the body. */
export type NoParams = Record<string, never>;
