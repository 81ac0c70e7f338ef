import { readJson } from '@/lib/http';
import { revertChatCommit } from '@/lib/live-chat/commits';
import { type LiveChatRouteDeps, type PathParams, repoOfPath, threadOfPath } from '../../../../deps';
import { revertBody } from './schema';

/** POST {sha}: reverts one of the user's Live Chat commits on the branch with a new commit (409 on a conflict). */
export function revertHandlers(deps: LiveChatRouteDeps) {
  const POST = deps.withRepoAccess<PathParams>(
    'write',
    async (request, { user, github }) => {
      const thread = threadOfPath(request, user.id);
      const { sha } = await readJson(request, revertBody);
      const message = await revertChatCommit({ db: deps.db(), github, githubUrl: deps.config().githubUrl, thread, sha });
      return Response.json({ message }, { status: 201 });
    },
    repoOfPath,
  );
  return { POST };
}
