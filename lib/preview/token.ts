import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/**
 * Preview links carry a short-lived signed token in their path: who may see what (user, owner/repo,
 * branch) until when. The app issues one after checking read access; the preview server, on
 * another origin, trusts nothing else (no cookies of the app ever reach a previewed page's reach).
 * HMAC-SHA256 under a key derived from AUTH_SECRET, so a token is useless for anything but previews.
 */
export const PREVIEW_TOKEN_TTL_SECONDS = 30 * 60;
const VERSION = 'v1';

const claimsSchema = z.strictObject({
  /** Our user id (whose GitHub token reads the files). */
  u: z.string().min(1),
  o: z.string().min(1),
  r: z.string().min(1),
  b: z.string().min(1),
  /** Expiry, seconds since the epoch. */
  e: z.number().int(),
});

export interface PreviewClaims {
  userId: string;
  owner: string;
  repo: string;
  branch: string;
  /** Seconds since the epoch. */
  expiresAt: number;
}

export type VerifiedPreviewToken = { ok: true; claims: PreviewClaims } | { ok: false; reason: 'malformed' | 'bad_signature' | 'expired' };

function signingKey(secret: string): Buffer {
  return createHmac('sha256', secret).update('webedt/preview-token').digest();
}

function signature(secret: string, body: string): Buffer {
  return createHmac('sha256', signingKey(secret)).update(`${VERSION}.${body}`).digest();
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

export function signPreviewToken(
  secret: string,
  target: Omit<PreviewClaims, 'expiresAt'>,
  { now = nowSeconds(), ttlSeconds = PREVIEW_TOKEN_TTL_SECONDS }: { now?: number; ttlSeconds?: number } = {},
): string {
  const claims: z.infer<typeof claimsSchema> = { u: target.userId, o: target.owner, r: target.repo, b: target.branch, e: now + ttlSeconds };
  const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${VERSION}.${body}.${signature(secret, body).toString('base64url')}`;
}

export function verifyPreviewToken(secret: string, token: string, now = nowSeconds()): VerifiedPreviewToken {
  const [version, body, signed, ...rest] = token.split('.');
  if (version !== VERSION || !body || !signed || rest.length) return { ok: false, reason: 'malformed' };
  const expected = signature(secret, body);
  const given = Buffer.from(signed, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad_signature' };
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  const parsed = claimsSchema.safeParse(json);
  if (!parsed.success) return { ok: false, reason: 'malformed' };
  const { u, o, r, b, e } = parsed.data;
  if (e <= now) return { ok: false, reason: 'expired' };
  return { ok: true, claims: { userId: u, owner: o, repo: r, branch: b, expiresAt: e } };
}

/** The preview address of a branch's root: relative links in its pages resolve below it. */
export function previewUrl(origin: string, token: string, path = ''): string {
  return `${origin.replace(/\/+$/, '')}/p/${token}/${path.split('/').map(encodeURIComponent).join('/')}`;
}
