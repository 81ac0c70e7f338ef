import { readJson } from '@/lib/http';
import { clearHistory, listMessages, pruneExpired } from '@/lib/live-chat/history';
import { addUserMessage } from '@/lib/live-chat/messages';
import { headOf, type LiveChatRouteDeps, type PathParams, repoOfPath, threadOfPath } from '../../../../deps';
import { MAX_MESSAGE_BODY_BYTES, postMessageBody } from './schema';

/**
 * GET: the signed-in user's history on the branch. POST: stores a user message without answering it
 * (`…/execute` answers every message since the last answer). DELETE: clears the history.
 */
export function messagesHandlers(deps: LiveChatRouteDeps) {
  const prune = () => pruneExpired(deps.db(), deps.store(), deps.config().retentionDays);

  const GET = deps.withRepoAccess<PathParams>(
    'read',
    async (request, { user }) => {
      const thread = threadOfPath(request, user.id);
      await prune();
      return Response.json({ messages: await listMessages(deps.db(), thread) });
    },
    repoOfPath,
  );

  const POST = deps.withRepoAccess<PathParams>(
    'write',
    async (request, { user, github }) => {
      const thread = threadOfPath(request, user.id);
      const body = await readJson(request, postMessageBody, MAX_MESSAGE_BODY_BYTES);
      await prune();
      const message = await addUserMessage(
        { db: deps.db(), store: deps.store(), github, thread, headSha: await headOf(github, thread) },
        { content: body.content, attachment: body.attachment, images: body.images.map((image) => image.data) },
      );
      return Response.json({ message }, { status: 201 });
    },
    repoOfPath,
  );

  const DELETE = deps.withRepoAccess<PathParams>(
    'read',
    async (request, { user }) => {
      const thread = threadOfPath(request, user.id);
      const deleted = await clearHistory(deps.db(), deps.store(), thread);
      await prune();
      return Response.json({ deleted });
    },
    repoOfPath,
  );

  return { GET, POST, DELETE };
}
