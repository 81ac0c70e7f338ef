import { readQuery } from '@/lib/http';
import { workspaceStream } from '@/lib/workspace/stream';
import type { NoParams, WorkspaceRouteDeps } from '../../deps';
import { streamQuery } from './schema';

export function streamHandlers({ withRepoAccess, db, listener, presence }: WorkspaceRouteDeps) {
  const GET = withRepoAccess<NoParams>(
    'read',
    async (request, { user }) =>
      workspaceStream({ request, db: db(), listener: listener(), presence: presence(), branch: readQuery(request, streamQuery), userId: user.id }),
    (request) => readQuery(request, streamQuery),
  );
  return { GET };
}
