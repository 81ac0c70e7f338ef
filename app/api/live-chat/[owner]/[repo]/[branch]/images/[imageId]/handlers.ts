import { AppError } from '@/lib/errors';
import { readImage } from '@/lib/live-chat/images';
import { type LiveChatRouteDeps, type PathParams, repoOfPath } from '../../../../../deps';

/** GET: an image the signed-in user pasted into their chat (only their own: the key is theirs). */
export function imageHandlers(deps: LiveChatRouteDeps) {
  const GET = deps.withRepoAccess<PathParams>(
    'read',
    async (request, { user }) => {
      const id = new URL(request.url).pathname.split('/').at(-1) ?? '';
      const image = await readImage(deps.store(), user.id, id);
      if (!image) throw new AppError('not_found', 'That image does not exist, or it is not yours.');
      return new Response(new Uint8Array(image.bytes), {
        headers: {
          'Content-Type': image.mediaType,
          'Cache-Control': 'private, max-age=31536000, immutable',
          'X-Content-Type-Options': 'nosniff',
          'Content-Security-Policy': "default-src 'none'; sandbox",
        },
      });
    },
    repoOfPath,
  );
  return { GET };
}
