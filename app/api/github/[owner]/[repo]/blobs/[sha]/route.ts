import { z } from 'zod';
import { withRepoAccess } from '@/lib/auth';
import { mediaType } from '@/lib/code/file-kinds';
import { AppError } from '@/lib/errors';
import type { RepoRef } from '@/lib/github/names';
import { repoPath } from '@/lib/github/paths';
import { readBlob } from '@/lib/github/tree';
import { otherMethods, readQuery } from '@/lib/http';

export const dynamic = 'force-dynamic';

const blobQuery = z.object({ path: z.string({ error: 'Say which file this is with ?path=.' }).pipe(repoPath) });

/**
 * A file's bytes by blob id, for image and audio previews (`?path=` names the file, for its type).
 * Blobs never change, so browsers may keep them; the sandbox policy keeps an SVG from running
 * script on the app's origin when opened directly.
 */
export const GET = withRepoAccess<RepoRef & { sha: string }>('read', async (request, { github, owner, repo, params }) => {
  if (!/^[0-9a-f]{40}$/.test(params.sha)) throw new AppError('not_found', 'That file does not exist.');
  const { path } = readQuery(request, blobQuery);
  const bytes = await readBlob(github, owner, repo, params.sha);
  return new Response(Buffer.from(bytes), {
    headers: {
      'content-type': mediaType(path),
      'content-length': String(bytes.length),
      'cache-control': 'private, max-age=31536000, immutable',
      'content-security-policy': "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'",
      'x-content-type-options': 'nosniff',
    },
  });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods('GET');
