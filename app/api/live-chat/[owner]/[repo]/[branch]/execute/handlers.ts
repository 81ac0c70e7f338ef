import { readJson } from '@/lib/http';
import { beginTurn, pruneExpired } from '@/lib/live-chat/history';
import { runChatTurn } from '@/lib/live-chat/turn';
import { sseResponse } from '@/lib/realtime/sse';
import { headOf, type LiveChatRouteDeps, type PathParams, repoOfPath, threadOfPath } from '../../../../deps';
import { executeBody } from './schema';

/**
 * POST: answers the user's messages since the last answer, streamed over SSE (events: `TurnEvent` in
 * lib/live-chat/protocol.ts). Needs write access, as the turn commits. Closing the connection stops
 * the turn, and a stopped turn commits nothing.
 */
export function executeHandlers(deps: LiveChatRouteDeps) {
  const POST = deps.withRepoAccess<PathParams>(
    'write',
    async (request, { user, github }) => {
      const thread = threadOfPath(request, user.id);
      const { page } = await readJson(request, executeBody);
      const llm = deps.llm();
      const { retentionDays, githubUrl } = deps.config();
      const db = deps.db();
      const store = deps.store();
      await pruneExpired(db, store, retentionDays);
      const headSha = await headOf(github, thread);
      const undoRateCount = deps.limiter().take(user.id);
      let turn;
      try {
        turn = await beginTurn(db, thread);
      } catch (error) {
        undoRateCount();
        throw error;
      }
      const run = (signal: AbortSignal, emit: Parameters<typeof runChatTurn>[0]['emit']) =>
        runChatTurn({ db, store, github, llm, githubUrl, thread, headSha, page, turn, signal, emit, retryBaseMs: deps.retryBaseMs });
      // Gone already: no stream would run, but the claimed turn must still end (stopped, nothing committed).
      if (request.signal.aborted) {
        await run(request.signal, () => {});
        return new Response(null, { status: 204 });
      }
      return sseResponse(request, async (stream) => {
        await run(stream.signal, (event) => stream.send(event));
        stream.close();
      });
    },
    repoOfPath,
  );
  return { POST };
}
