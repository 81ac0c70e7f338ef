import { withRepoAccess } from '@/lib/auth';
import { db } from '@/lib/db';
import { getListener } from '@/lib/realtime/listener';
import { presenceWriter } from '@/lib/workspace/presence';
import type { WorkspaceRouteDeps } from './deps';

export const appDeps: WorkspaceRouteDeps = { withRepoAccess, db, listener: getListener, presence: () => presenceWriter(db()) };
