import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Kysely } from 'kysely';
import type { Database } from '@/lib/db/schema';
import { toAppError } from '@/lib/errors';
import { allows, repoPermission } from '@/lib/github/access';
import { githubClientForUser } from '@/lib/github/client';
import { repoPathProblem } from '@/lib/github/paths';
import { branchHead } from '@/lib/github/repos';
import { readBlob, readTree } from '@/lib/github/tree';
import { previewContentType } from './content-types';
import { PREVIEW_SANDBOX_FLAGS } from './sandbox';
import { signSnapshotKey, verifyPreviewToken, verifySnapshotKey } from './token';

/**
 * The preview server: a branch's files over plain HTTP on their own origin (PREVIEW_ORIGIN), never
 * the app's. `GET /p/<token>/<path>` (the link the app signs) looks up the branch's head and
 * redirects to `/snapshot/<key>/<path>`, which serves `<path>` of that commit: the page never sees
 * the link token in its address (see token.ts). Files are read through the GitHub API with the
 * token's user's GitHub credentials (server-side; nothing of them reaches the page). Every response
 * is a sandbox (opaque origin: no cookies, no storage of any real origin).
 */
const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': `sandbox ${PREVIEW_SANDBOX_FLAGS}`,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  // A sandboxed page has an opaque origin: its own fetches and module scripts are cross-origin requests.
  'access-control-allow-origin': '*',
  // The branch moves: revalidate every time (the ETag, a blob id, makes that cheap).
  'cache-control': 'private, no-cache',
};

export interface PreviewServerOptions {
  db: Kysely<Database>;
  /** AUTH_SECRET: tokens are signed with a key derived from it. */
  secret: string;
}

interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: Uint8Array | string;
}

const text = (status: number, message: string): Reply => ({ status, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: `${message}\n` });

/** `/p/<token>/<path>` or `/snapshot/<key>/<path>` split up; the path is decoded, with `index.html` for folders. */
function route(pathname: string): { kind: 'link' | 'snapshot'; token: string; rest: string; path: string } | Reply {
  const match = /^\/(p|snapshot)\/([^/]+)(\/.*)?$/.exec(pathname);
  if (!match) return text(404, 'WebEDT preview server: open a preview from the Preview tab of a workspace.');
  const [, prefix, token, rest] = match;
  if (rest === undefined) return { status: 308, headers: { location: `/${prefix}/${token}/` } };
  let path: string;
  try {
    path = rest
      .slice(1)
      .split('/')
      .map((segment) => decodeURIComponent(segment))
      .join('/');
  } catch {
    return text(400, 'That address is not a valid file path.');
  }
  if (path === '' || path.endsWith('/')) path += 'index.html';
  if (repoPathProblem(path)) return text(400, `That address is not a valid file path: ${repoPathProblem(path)}`);
  return { kind: prefix === 'p' ? 'link' : 'snapshot', token: token!, rest, path };
}

async function readableClient(options: PreviewServerOptions, { userId, owner, repo }: { userId: string; owner: string; repo: string }) {
  const github = githubClientForUser(options.db, userId);
  return allows(await repoPermission(() => github, userId, owner, repo), 'read') ? github : null;
}

const noAccess = (owner: string, repo: string) => text(404, `${owner}/${repo} was not found, or you no longer have access to it.`);

/** A link's first load: the branch's head as a snapshot key (same user, repository and expiry), at the same path. */
async function exchangeLink(options: PreviewServerOptions, token: string, rest: string, search: string): Promise<Reply> {
  const verified = verifyPreviewToken(options.secret, token);
  if (!verified.ok) {
    return text(403, verified.reason === 'expired' ? 'This preview link has expired: refresh the Preview tab for a new one.' : 'This preview link is not valid.');
  }
  const { userId, owner, repo, branch, expiresAt } = verified.claims;
  const github = await readableClient(options, verified.claims);
  if (!github) return noAccess(owner, repo);
  const sha = await branchHead(github, owner, repo, branch);
  if (!sha) return text(404, `The branch "${branch}" no longer exists in ${owner}/${repo}.`);
  const key = signSnapshotKey(options.secret, { userId, owner, repo, sha, expiresAt });
  return { status: 307, headers: { location: `/snapshot/${key}${rest}${search}` } };
}

async function serveFile(options: PreviewServerOptions, key: string, path: string, request: IncomingMessage): Promise<Reply> {
  const verified = verifySnapshotKey(options.secret, key);
  if (!verified.ok) {
    return text(403, verified.reason === 'expired' ? 'This preview has expired: refresh the Preview tab for a new one.' : 'This preview address is not valid.');
  }
  const { owner, repo, sha } = verified.claims;
  const github = await readableClient(options, verified.claims);
  if (!github) return noAccess(owner, repo);
  const tree = await readTree(github, owner, repo, sha);
  const entry = tree.entries.find((candidate) => candidate.path === path && candidate.type === 'blob');
  if (!entry) {
    // A folder asked for without its slash: redirect, so its relative links resolve inside it.
    if (tree.entries.some((candidate) => candidate.path === `${path}/index.html`)) {
      return { status: 308, headers: { location: `/snapshot/${key}/${path.split('/').map(encodeURIComponent).join('/')}/` } };
    }
    return text(404, `${path} is not in this version of the branch (commit ${sha.slice(0, 7)}).`);
  }
  const etag = `"${entry.sha}"`;
  const headers = { etag, 'content-type': previewContentType(path) };
  if (request.headers['if-none-match'] === etag) return { status: 304, headers };
  const bytes = await readBlob(github, owner, repo, entry.sha);
  return { status: 200, headers: { ...headers, 'content-length': String(bytes.length) }, body: bytes };
}

async function answer(options: PreviewServerOptions, request: IncomingMessage): Promise<Reply> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return { ...text(405, 'Previews are read-only.'), headers: { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' } };
  const url = new URL(request.url ?? '/', 'http://preview.invalid');
  const target = route(url.pathname);
  if ('status' in target) return target;
  try {
    return target.kind === 'link'
      ? await exchangeLink(options, target.token, target.rest, url.search)
      : await serveFile(options, target.token, target.path, request);
  } catch (error) {
    const appError = toAppError(error);
    // No session here to renew: the user signs in to WebEDT again, which stores new GitHub tokens.
    if (appError.code === 'unauthorized') return text(401, 'WebEDT cannot reach GitHub as you any more: sign in to WebEDT again, then refresh the preview.');
    return text(appError.status, appError.message);
  }
}

function send(request: IncomingMessage, response: ServerResponse, reply: Reply): void {
  response.writeHead(reply.status, { ...SECURITY_HEADERS, ...reply.headers });
  response.end(request.method === 'HEAD' || reply.body === undefined ? undefined : reply.body);
}

export function createPreviewServer(options: PreviewServerOptions): Server {
  return createServer((request, response) => {
    answer(options, request).then(
      (reply) => send(request, response, reply),
      (error: unknown) => {
        console.error('[preview] unexpected error:', error);
        send(request, response, text(500, 'The preview server failed; try again.'));
      },
    );
  });
}

/** Listens on all interfaces (the app's loopback names and the LAN alike); port 0 picks a free port. */
export async function startPreviewServer(options: PreviewServerOptions & { port: number }): Promise<{ port: number; close: () => Promise<void> }> {
  const server = createPreviewServer(options);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
