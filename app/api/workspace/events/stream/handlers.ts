import { readQuery } from '@/lib/http';
import { workspaceStream } from '@/lib/workspace/stream';
import type { NoParams, WorkspaceRouteDeps } from '../../deps';
import { streamQuery } from './schema';

export function streamHandlers({ withRepoAccess, db, listener }: WorkspaceRouteDeps) {
  const GET = withRepoAccess<NoParams>(
    'read',
    async (request) => workspaceStream({ request, db: db(), listener: listener(), branch: readQuery(request, streamQuery) }),
    (request) => readQuery(request, streamQuery),
  );
  return { GET };
}
