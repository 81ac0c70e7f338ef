import type { z } from 'zod';
import { readJson, readQuery } from '@/lib/http';
import type { EventsPage } from '@/lib/workspace/collab-protocol';
import { appendWorkspaceEvent, eventsAfter, latestEventId, recentEvents, toEventView } from '@/lib/workspace/events';
import type { NoParams, WorkspaceRouteDeps } from '../deps';
import { eventBody, eventsQuery } from './schema';

export function eventsHandlers({ withRepoAccess, db }: WorkspaceRouteDeps) {
  const POST = withRepoAccess<NoParams, z.infer<typeof eventBody>>(
    'read',
    async (_request, { user, located: body }) => {
      const row = await appendWorkspaceEvent(db(), { ...body, userId: user.id });
      const author = { id: user.id, login: user.login, name: user.name ?? null, avatarUrl: user.image ?? null };
      return Response.json({ event: toEventView(row, author) }, { status: 201 });
    },
    (request: Request) => readJson(request, eventBody),
  );

  const GET = withRepoAccess<NoParams>(
    'read',
    async (request) => {
      const { after, limit, ...branch } = readQuery(request, eventsQuery);
      const events = after === undefined ? await recentEvents(db(), branch, limit) : await eventsAfter(db(), branch, after, limit);
      const lastId = events.at(-1)?.id ?? String(after ?? (await latestEventId(db(), branch)));
      return Response.json({ events, lastId } satisfies EventsPage);
    },
    (request) => readQuery(request, eventsQuery),
  );

  return { GET, POST };
}
