import type { z } from 'zod';
import { readJson, readQuery } from '@/lib/http';
import { listParticipants } from '@/lib/workspace/participants';
import { listPresence } from '@/lib/workspace/presence';
import type { NoParams, WorkspaceRouteDeps } from '../deps';
import { presenceBody, presenceQuery } from './schema';

export function presenceHandlers({ withRepoAccess, db, presence }: WorkspaceRouteDeps) {
  /** Page change or cursor move of the signed-in user (a heartbeat too, for a tab whose stream is down): queued, answered at once. */
  const PUT = withRepoAccess<NoParams, z.infer<typeof presenceBody>>(
    'read',
    async (_request, { user, located: { owner, repo, branch, page, cursor, selection } }) => {
      presence().put(user.id, { owner, repo, branch }, { page, cursor, selection });
      return new Response(null, { status: 204 });
    },
    (request: Request) => readJson(request, presenceBody),
  );

  /** Who is on the branch, with `online` (heartbeat younger than 30 s): people, then agents and Live Chat turns at work. */
  const GET = withRepoAccess<NoParams>(
    'read',
    async (request) => {
      const branch = readQuery(request, presenceQuery);
      const [people, participants] = await Promise.all([listPresence(db(), branch), listParticipants(db(), branch)]);
      return Response.json({ users: [...people, ...participants] });
    },
    (request) => readQuery(request, presenceQuery),
  );

  return { GET, PUT };
}
