/** Who is calling (token, installation token, App JWT) and what they may do on a repository. */
import { verify } from 'node:crypto';
import type { Model, Repo } from './model';
import type { AccessLevel, SeedInstallation, SeedUser } from './seed';
import type { InstallationToken } from './store';

export type Identity =
  | { kind: 'anonymous' }
  | { kind: 'user'; user: SeedUser; token: string }
  | { kind: 'installation'; installation: SeedInstallation; token: InstallationToken }
  | { kind: 'app'; appId: number };

export type AuthResult = { ok: true; identity: Identity } | { ok: false; message: string };

/** `token X`, `Bearer X`, or HTTP Basic with the token as password (or as username, like GitHub). */
export function credentialsFrom(header: string | undefined): string | null {
  if (!header) return null;
  const space = header.indexOf(' ');
  const scheme = header.slice(0, space).toLowerCase();
  const value = header.slice(space + 1).trim();
  if (scheme === 'token' || scheme === 'bearer') return value || null;
  if (scheme === 'basic') {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const user = colon === -1 ? decoded : decoded.slice(0, colon);
    const password = colon === -1 ? '' : decoded.slice(colon + 1);
    if (password && password !== 'x-oauth-basic') return password;
    return user || null;
  }
  return null;
}

function base64urlJson(part: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Checks an App JWT the way GitHub does (RS256 by the App key, `iss` = App id or client id, ≤10 min). */
export function verifyAppJwt(model: Model, jwt: string): { ok: true; appId: number } | { ok: false; message: string } {
  const undecodable = { ok: false, message: 'A JSON web token could not be decoded' } as const;
  const app = model.seed.app;
  const [head, body, signature, ...extra] = jwt.split('.');
  if (!app || !model.appPublicKey || !head || !body || !signature || extra.length > 0) return undecodable;
  const header = base64urlJson(head);
  const payload = base64urlJson(body);
  if (!header || !payload || header.alg !== 'RS256') return undecodable;
  const valid = verify(
    'sha256',
    Buffer.from(`${head}.${body}`),
    model.appPublicKey,
    Buffer.from(signature, 'base64url'),
  );
  if (!valid) return undecodable;
  const iss = payload.iss;
  if (String(iss) !== String(app.id) && iss !== app.client_id) return { ok: false, message: 'Integration not found' };
  const now = Math.floor(Date.now() / 1000);
  const { iat, exp } = payload;
  if (typeof iat !== 'number' || !Number.isInteger(iat) || iat > now + 60) {
    return { ok: false, message: "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued" };
  }
  if (typeof exp !== 'number' || exp <= now) {
    return {
      ok: false,
      message:
        "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires",
    };
  }
  if (exp - iat > 600 + 60 || exp > now + 600 + 60) {
    return { ok: false, message: "'Expiration time' claim ('exp') is too far in the future" };
  }
  return { ok: true, appId: app.id };
}

export function authenticate(model: Model, header: string | undefined): AuthResult {
  const credential = credentialsFrom(header);
  if (credential === null) return { ok: true, identity: { kind: 'anonymous' } };
  if (credential.split('.').length === 3 && credential.startsWith('ey')) {
    const result = verifyAppJwt(model, credential);
    return result.ok ? { ok: true, identity: { kind: 'app', appId: result.appId } } : result;
  }
  const stored = model.store.token(credential);
  const bad = { ok: false, message: 'Bad credentials' } as const;
  if (!stored || (stored.expiresAt !== null && stored.expiresAt <= Date.now())) return bad;
  if (stored.kind === 'user') {
    const user = model.user(stored.login);
    return user ? { ok: true, identity: { kind: 'user', user, token: credential } } : bad;
  }
  const installation = model.installation(stored.installationId);
  return installation ? { ok: true, identity: { kind: 'installation', installation, token: stored } } : bad;
}

/** What the identity may do on the repository; null = it may not even know the repository exists. */
export function repoAccess(model: Model, identity: Identity, repo: Repo): AccessLevel | null {
  const publicRead = repo.seed.private ? null : 'read';
  switch (identity.kind) {
    case 'user':
      return model.userAccess(identity.user.login, repo);
    case 'installation': {
      const granted = identity.token.repositories.some((name) => name.toLowerCase() === repo.fullName.toLowerCase());
      if (!granted) return publicRead;
      return identity.token.permissions.contents === 'write' ? 'write' : 'read';
    }
    default:
      return publicRead;
  }
}

/** The `permissions` object GitHub adds to repositories for an authenticated caller. */
export function permissionsFor(level: AccessLevel | null): {
  admin: boolean;
  maintain: boolean;
  push: boolean;
  triage: boolean;
  pull: boolean;
} {
  return {
    admin: level === 'admin',
    maintain: level === 'admin',
    push: level === 'admin' || level === 'write',
    triage: level === 'admin' || level === 'write',
    pull: level !== null,
  };
}

/** Key for rate limiting and for the request log. */
export function identityLabel(identity: Identity): string | null {
  switch (identity.kind) {
    case 'user':
      return identity.user.login;
    case 'installation':
      return `installation:${identity.installation.id}`;
    case 'app':
      return `app:${identity.appId}`;
    default:
      return null;
  }
}
