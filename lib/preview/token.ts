import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/**
 * Preview links carry a short-lived signed token in their path: who may see what (user, owner/repo,
 * branch) until when. The app issues one after checking read access; the preview server, on
 * another origin, trusts nothing else (no cookies of the app ever reach a previewed page's reach).
 * HMAC-SHA256 under a key derived from AUTH_SECRET, so a token is useless for anything but previews.
 *
 * A previewed page can read its own address, so the preview server never shows it a link token:
 * on first load it trades the token for a snapshot key (the same user and repository, one commit,
 * the same expiry) and redirects there. A snapshot key reads only the files of that commit, which
 * the page can fetch anyway; a link token would read the branch as it moves.
 */
export const PREVIEW_TOKEN_TTL_SECONDS = 30 * 60;
const VERSION = 'v1';

/** What a token is for; each is signed under its own key, so one never passes for the other. */
type Purpose = 'preview-token' | 'preview-snapshot';

const gitSha = z.string().regex(/^[0-9a-f]{40}$/);

const linkClaims = z.strictObject({
  /** Our user id (whose GitHub token reads the files). */
  u: z.string().min(1),
  o: z.string().min(1),
  r: z.string().min(1),
  b: z.string().min(1),
  /** Expiry, seconds since the epoch. */
  e: z.number().int(),
});

const snapshotClaims = linkClaims.omit({ b: true }).extend({ s: gitSha });

export interface PreviewClaims {
  userId: string;
  owner: string;
  repo: string;
  branch: string;
  /** Seconds since the epoch. */
  expiresAt: number;
}

export interface SnapshotClaims {
  userId: string;
  owner: string;
  repo: string;
  /** The commit whose files the key reads. */
  sha: string;
  /** Seconds since the epoch: the link's own expiry. */
  expiresAt: number;
}

type Failure = { ok: false; reason: 'malformed' | 'bad_signature' | 'expired' };
export type VerifiedPreviewToken = { ok: true; claims: PreviewClaims } | Failure;
export type VerifiedSnapshotKey = { ok: true; claims: SnapshotClaims } | Failure;

function signature(secret: string, purpose: Purpose, body: string): Buffer {
  const key = createHmac('sha256', secret).update(`webedt/${purpose}`).digest();
  return createHmac('sha256', key).update(`${VERSION}.${body}`).digest();
}

function seal(secret: string, purpose: Purpose, claims: object): string {
  const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${VERSION}.${body}.${signature(secret, purpose, body).toString('base64url')}`;
}

/** The claims of a token signed for `purpose` and not yet expired, in the shape `toClaims` gives them. */
function unseal<S extends z.ZodType<{ e: number }>, C>(
  secret: string,
  purpose: Purpose,
  token: string,
  schema: S,
  now: number,
  toClaims: (sealed: z.infer<S>) => C,
): { ok: true; claims: C } | Failure {
  const [version, body, signed, ...rest] = token.split('.');
  if (version !== VERSION || !body || !signed || rest.length) return { ok: false, reason: 'malformed' };
  const expected = signature(secret, purpose, body);
  const given = Buffer.from(signed, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad_signature' };
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) return { ok: false, reason: 'malformed' };
  if (parsed.data.e <= now) return { ok: false, reason: 'expired' };
  return { ok: true, claims: toClaims(parsed.data) };
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

export function signPreviewToken(
  secret: string,
  target: Omit<PreviewClaims, 'expiresAt'>,
  { now = nowSeconds(), ttlSeconds = PREVIEW_TOKEN_TTL_SECONDS }: { now?: number; ttlSeconds?: number } = {},
): string {
  const claims: z.infer<typeof linkClaims> = { u: target.userId, o: target.owner, r: target.repo, b: target.branch, e: now + ttlSeconds };
  return seal(secret, 'preview-token', claims);
}

export function verifyPreviewToken(secret: string, token: string, now = nowSeconds()): VerifiedPreviewToken {
  return unseal(secret, 'preview-token', token, linkClaims, now, ({ u, o, r, b, e }) => ({ userId: u, owner: o, repo: r, branch: b, expiresAt: e }));
}

export function signSnapshotKey(secret: string, snapshot: SnapshotClaims): string {
  const claims: z.infer<typeof snapshotClaims> = { u: snapshot.userId, o: snapshot.owner, r: snapshot.repo, s: snapshot.sha, e: snapshot.expiresAt };
  return seal(secret, 'preview-snapshot', claims);
}

export function verifySnapshotKey(secret: string, key: string, now = nowSeconds()): VerifiedSnapshotKey {
  return unseal(secret, 'preview-snapshot', key, snapshotClaims, now, ({ u, o, r, s, e }) => ({ userId: u, owner: o, repo: r, sha: s, expiresAt: e }));
}

/** The preview address of a branch's root: relative links in its pages resolve below it. */
export function previewUrl(origin: string, token: string, path = ''): string {
  return `${origin.replace(/\/+$/, '')}/p/${token}/${path.split('/').map(encodeURIComponent).join('/')}`;
}
