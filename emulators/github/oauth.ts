/** OAuth web flow like GitHub's (authorize page, code exchange, GitHub App-style expiring user tokens). */
import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { credentialsFrom } from './auth';
import { escapeHtml, readForm, send } from './http';
import type { Model } from './model';
import type { Urls } from './shapes';
import { newToken } from './store';

export const ACCESS_TOKEN_TTL = 28_800;
export const REFRESH_TOKEN_TTL = 15_897_600;
const CODE_TTL_MS = 10 * 60_000;
const ERROR_DOCS = 'https://docs.github.com/apps/managing-oauth-apps/troubleshooting-oauth-app-access-token-request-errors/';

interface PendingCode {
  login: string;
  clientId: string;
  redirectUri: string | null;
  codeChallenge: string | null;
  codeChallengeMethod: string;
  expiresAt: number;
}

type OAuthError = 'bad_verification_code' | 'bad_refresh_token' | 'incorrect_client_credentials' | 'redirect_uri_mismatch' | 'unsupported_grant_type';

const ERROR_TEXT: Record<OAuthError, string> = {
  bad_verification_code: 'The code passed is incorrect or expired.',
  bad_refresh_token: 'The refresh token passed is incorrect or expired.',
  incorrect_client_credentials: 'The client_id and/or client_secret passed are incorrect.',
  redirect_uri_mismatch: 'The redirect_uri MUST match the registered callback URL for this application.',
  unsupported_grant_type: 'The grant type is not supported.',
};

export class OAuth {
  private readonly codes = new Map<string, PendingCode>();

  constructor(
    readonly model: Model,
    readonly urls: Urls,
  ) {}

  private app(clientId: string | null) {
    return this.model.seed.oauth_apps.find((a) => a.client_id === clientId);
  }

  /** Issues an access + refresh token pair for a user, exactly what the token endpoint returns. */
  issueTokens(login: string, clientId: string, expiresIn = ACCESS_TOKEN_TTL) {
    const now = Date.now();
    const accessToken = newToken('ghu_', 36);
    const refreshToken = newToken('ghr_', 76);
    this.model.store.addToken(accessToken, { kind: 'user', login, clientId, createdAt: now, expiresAt: now + expiresIn * 1000 });
    this.model.store.addRefreshToken(refreshToken, { login, clientId, expiresAt: now + REFRESH_TOKEN_TTL * 1000 });
    return {
      access_token: accessToken,
      expires_in: expiresIn,
      refresh_token: refreshToken,
      refresh_token_expires_in: REFRESH_TOKEN_TTL,
      token_type: 'bearer' as const,
      scope: '',
    };
  }

  private redirectAllowed(clientId: string, redirectUri: string | null): boolean {
    const allowed = this.app(clientId)?.redirect_uris ?? [];
    return redirectUri === null || allowed.length === 0 || allowed.some((prefix) => redirectUri.startsWith(prefix));
  }

  private redirectWithCode(res: ServerResponse, params: URLSearchParams, login: string): void {
    const clientId = params.get('client_id') ?? '';
    const redirectUri = params.get('redirect_uri') || null;
    const target = redirectUri ?? this.app(clientId)?.redirect_uris[0];
    const code = randomBytes(10).toString('hex');
    this.codes.set(code, {
      login,
      clientId,
      redirectUri,
      codeChallenge: params.get('code_challenge'),
      codeChallengeMethod: params.get('code_challenge_method') ?? 'plain',
      expiresAt: Date.now() + CODE_TTL_MS,
    });
    const url = new URL(target ?? this.urls.web);
    url.searchParams.set('code', code);
    const state = params.get('state');
    if (state !== null) url.searchParams.set('state', state);
    send(res, 302, '', { location: url.toString(), 'cache-control': 'no-store' });
  }

  /** GET shows the account picker (or redirects at once with `login=`); POST is the picker's submit. */
  async authorize(req: IncomingMessage, res: ServerResponse, url: URL): Promise<string | null> {
    const params = req.method === 'POST' ? new URLSearchParams(await readForm(req)) : url.searchParams;
    const clientId = params.get('client_id');
    const app = this.app(clientId);
    if (!app) {
      this.page(res, 400, 'Application not found', '<p role="alert">The <code>client_id</code> is not a registered OAuth application.</p>');
      return null;
    }
    const redirectUri = params.get('redirect_uri') || null;
    if (!this.redirectAllowed(app.client_id, redirectUri) || (!redirectUri && app.redirect_uris.length === 0)) {
      this.page(res, 400, 'Redirect URI mismatch', `<p role="alert">${escapeHtml(ERROR_TEXT.redirect_uri_mismatch)}</p>`);
      return null;
    }
    const login = params.get('login')?.trim();
    const user = login ? this.model.user(login) : undefined;
    if (user) {
      this.redirectWithCode(res, params, user.login);
      return user.login;
    }
    const error = login ? `There is no user named “${login}” on this forge.` : null;
    this.picker(res, params, app.name, error, req.method === 'POST' && login ? 400 : 200);
    return null;
  }

  private picker(res: ServerResponse, params: URLSearchParams, appName: string, error: string | null, status: number): void {
    const hidden = [...params]
      .filter(([key]) => key !== 'login')
      .map(([key, value]) => `<input type="hidden" name="${escapeHtml(key)}" value="${escapeHtml(value)}">`)
      .join('');
    const users = this.model.seed.users
      .map(
        (u) => `<li><button type="submit" name="login" value="${escapeHtml(u.login)}">
          <img src="${escapeHtml(`${this.urls.web}/avatars/${u.login}`)}" alt="" width="40" height="40">
          <span><span class="login">${escapeHtml(u.login)}</span> — <span class="name">${escapeHtml(u.name)}</span></span>
        </button></li>`,
      )
      .join('\n');
    this.page(
      res,
      status,
      `Sign in to ${appName}`,
      `${error ? `<p role="alert" class="error">${escapeHtml(error)}</p>` : ''}
      <form method="post" action="/login/oauth/authorize" aria-label="Choose an account">
        ${hidden}
        <ul class="users">${users}</ul>
      </form>
      <form method="post" action="/login/oauth/authorize" class="other" aria-label="Sign in with another username">
        ${hidden}
        <label for="login-field">Username</label>
        <input id="login-field" name="login" autocomplete="username" required>
        <button type="submit">Sign in</button>
      </form>`,
    );
  }

  private page(res: ServerResponse, status: number, title: string, body: string): void {
    const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} · GitHub emulator</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font-family:system-ui,sans-serif;background:#f6f8fa;color:#1f2328;display:grid;place-items:center;min-height:100vh;margin:0}
main{background:#fff;border:1px solid #d0d7de;border-radius:12px;padding:24px 28px;width:min(420px,90vw)}
h1{font-size:20px;margin:0 0 16px}.users{list-style:none;padding:0;margin:0 0 16px;display:grid;gap:8px}
.users button{display:flex;align-items:center;gap:12px;width:100%;padding:8px 12px;border:1px solid #d0d7de;border-radius:8px;background:#f6f8fa;font:inherit;cursor:pointer;text-align:left}
.users button:hover,.users button:focus-visible{background:#eaeef2;outline:2px solid #0969da}
.users img{border-radius:50%}.login{font-weight:600}.name{color:#59636e}
.other{display:flex;gap:8px;align-items:center;border-top:1px solid #d0d7de;padding-top:16px}
.other input{flex:1;padding:6px 8px;border:1px solid #d0d7de;border-radius:6px;font:inherit}
.other button{padding:6px 12px;border-radius:6px;border:1px solid #1f883d;background:#1f883d;color:#fff;font:inherit;cursor:pointer}
.error{color:#d1242f}</style></head>
<body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
    send(res, status, html, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  }

  /** POST /login/oauth/access_token: code and refresh-token grants; errors are HTTP 200 like GitHub. */
  async token(req: IncomingMessage, res: ServerResponse, url: URL): Promise<string | null> {
    const form = { ...Object.fromEntries(url.searchParams), ...(await readForm(req)) };
    // Client authentication may also come as HTTP Basic (client_secret_basic).
    const basic = req.headers.authorization?.toLowerCase().startsWith('basic ')
      ? Buffer.from(req.headers.authorization.slice(6), 'base64').toString('utf8')
      : null;
    const clientId = basic ? decodeURIComponent(basic.split(':')[0] ?? '') : form.client_id;
    const clientSecret = basic ? decodeURIComponent(basic.slice(basic.indexOf(':') + 1)) : form.client_secret;
    const json = (req.headers.accept ?? '').includes('json');
    const reply = (body: Record<string, string | number>) => {
      const text = json
        ? JSON.stringify(body)
        : new URLSearchParams(Object.entries(body).map(([k, v]) => [k, String(v)])).toString();
      send(res, 200, text, {
        'content-type': json ? 'application/json; charset=utf-8' : 'application/x-www-form-urlencoded; charset=utf-8',
        'cache-control': 'no-store',
      });
    };
    const fail = (error: OAuthError) =>
      reply({ error, error_description: ERROR_TEXT[error], error_uri: `${ERROR_DOCS}#${error.replace(/_/g, '-')}` });

    const app = this.app(clientId ?? null);
    if (!app || app.client_secret !== clientSecret) {
      fail('incorrect_client_credentials');
      return null;
    }
    const grant = form.grant_type || 'authorization_code';
    if (grant === 'authorization_code') {
      const pending = this.codes.get(form.code ?? '');
      this.codes.delete(form.code ?? '');
      if (!pending || pending.expiresAt < Date.now() || pending.clientId !== app.client_id) {
        fail('bad_verification_code');
        return null;
      }
      if (form.redirect_uri && pending.redirectUri && form.redirect_uri !== pending.redirectUri) {
        fail('redirect_uri_mismatch');
        return null;
      }
      if (pending.codeChallenge !== null) {
        const verifier = form.code_verifier ?? '';
        const computed =
          pending.codeChallengeMethod === 'S256' ? createHash('sha256').update(verifier).digest('base64url') : verifier;
        if (!verifier || computed !== pending.codeChallenge) {
          fail('bad_verification_code');
          return null;
        }
      }
      reply(this.issueTokens(pending.login, app.client_id));
      return pending.login;
    }
    if (grant === 'refresh_token') {
      const stored = this.model.store.takeRefreshToken(form.refresh_token ?? '');
      if (!stored || stored.expiresAt < Date.now() || stored.clientId !== app.client_id || !this.model.user(stored.login)) {
        fail('bad_refresh_token');
        return null;
      }
      reply(this.issueTokens(stored.login, app.client_id));
      return stored.login;
    }
    fail('unsupported_grant_type');
    return null;
  }
}

/** The user behind a request's token, for logging OAuth-adjacent requests. */
export function tokenUser(model: Model, header: string | undefined): string | null {
  const token = credentialsFrom(header);
  const stored = token ? model.store.token(token) : undefined;
  return stored?.kind === 'user' ? stored.login : null;
}
