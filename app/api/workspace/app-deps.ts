import { withRepoAccess } from '@/lib/auth';
import { db } from '@/lib/db';
import { getListener } from '@/lib/realtime/listener';
import type { WorkspaceRouteDeps } from './deps';

export const appDeps: WorkspaceRouteDeps = { withRepoAccess, db, listener: getListener };
