/** The REST API under /api/v3: authentication, rate limits, ETags, errors and routing. */
import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import { authenticate, type Identity, identityLabel, repoAccess } from './auth';
import type { Controls, RateLimitState } from './controls';
import { HttpError, type Params, Router, readBody } from './http';
import type { Model, Repo } from './model';
import type { AccessLevel } from './seed';
import { Shapes, type Urls } from './shapes';

export const DOCS = 'https://docs.github.com/rest';

/** GitHub's documented limit for one file: 100 MiB (git pushes; the blob and contents APIs). */
export const FILE_LIMIT_BYTES = 100 * 1024 * 1024;
/** Room for a largest file as base64 in a JSON body, plus the rest of the request. */
export const MAX_API_BODY_BYTES = Math.ceil(FILE_LIMIT_BYTES / 3) * 4 + 1024 * 1024;

/** GitHub's error body: message, documentation_url, and the status as a string. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly documentationUrl: string = DOCS,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const notFound = () => new ApiError(404, 'Not Found');

export function validationFailed(docs: string, errors: Record<string, unknown>[]): ApiError {
  return new ApiError(422, 'Validation Failed', docs, { errors });
}

export function requestId(): string {
  const hex = (n: number) => randomBytes(n).toString('hex').toUpperCase();
  return `${hex(2)}:${hex(3)}:${hex(4)}:${hex(4)}:${hex(4)}`;
}

export type ApiHandler = (call: ApiCall) => Promise<void>;

interface RouteDef {
  docs: string;
  handler: ApiHandler;
}

export interface ApiEnv {
  model: Model;
  controls: Controls;
  shapes: Shapes;
  urls: Urls;
}

const EXPOSED_HEADERS =
  'ETag, Link, Location, Retry-After, X-GitHub-OTP, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Used, X-RateLimit-Resource, X-RateLimit-Reset, X-OAuth-Scopes, X-Accepted-OAuth-Scopes, X-Poll-Interval, X-GitHub-Media-Type, X-GitHub-SSO, X-GitHub-Request-Id, Deprecation, Sunset';

/** Headers on every API response, like api.github.com. */
export function baseHeaders(id: string): Record<string, string> {
  return {
    'access-control-allow-origin': '*',
    'access-control-expose-headers': EXPOSED_HEADERS,
    'content-security-policy': "default-src 'none'",
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'deny',
    'x-github-api-version-selected': '2022-11-28',
    'x-github-media-type': 'github.v3; format=json',
    'x-github-request-id': id,
  };
}

export function rateLimitHeaders(state: RateLimitState): Record<string, string> {
  return {
    'x-ratelimit-limit': String(state.limit),
    'x-ratelimit-remaining': String(state.remaining),
    'x-ratelimit-reset': String(state.reset),
    'x-ratelimit-used': String(state.used),
    'x-ratelimit-resource': 'core',
  };
}

/** Whose primary rate limit a request counts against: the identity, or the address of an anonymous caller. */
export function rateBucket(identity: Identity, req: IncomingMessage): { key: string; defaultLimit: number } {
  const label = identityLabel(identity);
  return label === null
    ? { key: `ip:${req.socket.remoteAddress ?? ''}`, defaultLimit: 60 }
    : { key: label, defaultLimit: 5000 };
}

/**
 * GitHub's OAuth scope headers: the token's scopes (user tokens only; App user tokens have none) and the
 * scopes the endpoint accepts.
 */
function scopeHeaders(identity: Identity, path: string): Record<string, string> {
  const accepted = path.startsWith('/repos/') ? 'repo' : path === '/user/emails' ? 'user, user:email' : '';
  return {
    ...(identity.kind === 'user' ? { 'x-oauth-scopes': '' } : {}),
    'x-accepted-oauth-scopes': accepted,
  };
}

/** One API request: identity, parameters, and GitHub-style responses (ETag/304, rate-limit headers). */
export class ApiCall {
  readonly id = requestId();
  readonly rateKey: string;
  readonly rateDefault: number;
  params: Params = {};
  docs = DOCS;

  constructor(
    readonly env: ApiEnv,
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    readonly url: URL,
    readonly identity: Identity,
  ) {
    ({ key: this.rateKey, defaultLimit: this.rateDefault } = rateBucket(identity, req));
  }

  get model(): Model {
    return this.env.model;
  }

  get shapes(): Shapes {
    return this.env.shapes;
  }

  param(name: string): string {
    return this.params[name] ?? '';
  }

  query(name: string): string | null {
    return this.url.searchParams.get(name);
  }

  accept(): string {
    return (this.req.headers.accept ?? '').toLowerCase();
  }

  /** Reads a JSON body and validates it; GitHub answers 400 for unparsable JSON and 422 for invalid input. */
  async body<S extends z.ZodType>(schema: S): Promise<z.output<S>> {
    const raw = (await readBody(this.req, MAX_API_BODY_BYTES)).toString('utf8');
    let value: unknown = {};
    if (raw.trim()) {
      try {
        value = JSON.parse(raw);
      } catch {
        throw new ApiError(400, 'Problems parsing JSON', this.docs);
      }
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      const details = parsed.error.issues
        .map((issue) => `${issue.path.length ? `"${issue.path.join('.')}"` : 'body'}: ${issue.message}`)
        .join('\n');
      throw new ApiError(422, `Invalid request.\n\n${details}`, this.docs);
    }
    return parsed.data;
  }

  /** The repository in the path if the caller may see it, else 404 (GitHub never reveals private repositories). */
  repo(need: 'read' | 'write' = 'read'): { repo: Repo; access: AccessLevel } {
    const repo = this.model.repo(this.param('owner'), this.param('repo'));
    const access = repo ? repoAccess(this.model, this.identity, repo) : null;
    if (!repo || !access) throw notFound();
    if (need === 'write' && access === 'read') {
      if (this.identity.kind === 'installation') throw new ApiError(403, 'Resource not accessible by integration', this.docs);
      if (this.identity.kind === 'anonymous') throw new ApiError(401, 'Requires authentication', this.docs);
      throw new ApiError(403, 'Must have push access to repository', this.docs);
    }
    return { repo, access };
  }

  /** The `permissions` value for repository bodies: omitted for anonymous callers, like GitHub. */
  permissionsAccess(access: AccessLevel | null): AccessLevel | null | undefined {
    return this.identity.kind === 'anonymous' ? undefined : access;
  }

  requireUser(): Extract<Identity, { kind: 'user' }> {
    if (this.identity.kind === 'user') return this.identity;
    if (this.identity.kind === 'anonymous') throw new ApiError(401, 'Requires authentication', this.docs);
    throw new ApiError(403, 'Resource not accessible by integration', this.docs);
  }

  requireApp(): void {
    if (this.identity.kind !== 'app') {
      throw new ApiError(
        401,
        'A JSON web token could not be decoded',
        this.docs,
      );
    }
  }

  private finish(status: number, headers: Record<string, string>, body: Buffer): void {
    const rate =
      status === 304
        ? this.env.controls.rateLimit(this.rateKey, this.rateDefault)
        : this.env.controls.consume(this.rateKey, this.rateDefault);
    const all: Record<string, string> = {
      ...baseHeaders(this.id),
      'cache-control': this.identity.kind === 'anonymous' ? 'public, max-age=60, s-maxage=60' : 'private, max-age=60, s-maxage=60',
      vary: 'Accept, Authorization, Cookie, X-GitHub-OTP',
      ...rateLimitHeaders(rate),
      ...scopeHeaders(this.identity, this.url.pathname.slice('/api/v3'.length)),
      ...headers,
    };
    if (status === 304 || status === 204) {
      this.res.writeHead(status, all);
      this.res.end();
      return;
    }
    this.res.writeHead(status, { ...all, 'content-length': String(body.length) });
    this.res.end(body);
  }

  /** Sends a body with an ETag (like GitHub); GETs honor If-None-Match with a 304 that costs no rate limit. */
  send(status: number, body: Buffer, headers: Record<string, string>): void {
    const method = this.req.method ?? 'GET';
    if (status !== 200 && status !== 201) {
      this.finish(status, headers, body);
      return;
    }
    const etag = `W/"${createHash('sha256')
      .update(`${this.rateKey}\n${this.accept()}\n`)
      .update(body)
      .digest('hex')}"`;
    headers = { ...headers, etag };
    if ((method === 'GET' || method === 'HEAD') && status === 200) {
      const inm = this.req.headers['if-none-match'];
      const tags = (inm ?? '').split(',').map((t) => t.trim().replace(/^W\//, ''));
      if (tags.includes(etag.replace(/^W\//, '')) || tags.includes('*')) {
        this.finish(304, headers, Buffer.alloc(0));
        return;
      }
    }
    this.finish(status, headers, body);
  }

  json(status: number, data: unknown, headers: Record<string, string> = {}): void {
    this.send(status, Buffer.from(JSON.stringify(data)), { 'content-type': 'application/json; charset=utf-8', ...headers });
  }

  noContent(): void {
    this.finish(204, {}, Buffer.alloc(0));
  }

  error(error: ApiError): void {
    this.json(
      error.status,
      { message: error.message, ...error.extra, documentation_url: error.documentationUrl, status: String(error.status) },
      error.headers,
    );
  }

  /** Slices a list by `per_page` (default 30, max 100) and `page`, with GitHub's Link header. */
  paginate<T>(items: T[]): { items: T[]; headers: Record<string, string> } {
    const { perPage, page } = this.pageParams();
    const last = Math.max(1, Math.ceil(items.length / perPage));
    return { items: items.slice((page - 1) * perPage, page * perPage), headers: this.linkHeader(page, last) };
  }

  pageParams(): { perPage: number; page: number } {
    const perPage = Math.min(100, Math.max(1, Number.parseInt(this.query('per_page') ?? '30', 10) || 30));
    const page = Math.max(1, Number.parseInt(this.query('page') ?? '1', 10) || 1);
    return { perPage, page };
  }

  linkHeader(page: number, last: number): Record<string, string> {
    const link = (n: number, rel: string) => {
      const url = new URL(`${this.env.urls.api}${this.url.pathname.replace(/^\/api\/v3/, '')}`);
      url.search = this.url.search;
      url.searchParams.set('page', String(n));
      return `<${url.toString()}>; rel="${rel}"`;
    };
    const links: string[] = [];
    if (page > 1) links.push(link(page - 1, 'prev'));
    if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'));
    if (page > 1) links.push(link(1, 'first'));
    return links.length ? { link: links.join(', ') } : {};
  }
}

export class Api {
  readonly router = new Router<RouteDef>();

  constructor(readonly env: ApiEnv) {}

  route(method: string, pattern: string, docs: string, handler: ApiHandler): this {
    this.router.add(method, pattern, { docs: `${DOCS}/${docs}`, handler });
    return this;
  }

  /** Handles a request whose path starts with /api/v3; returns the caller's label for the request log. */
  async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<string | null> {
    const method = req.method ?? 'GET';
    const auth = authenticate(this.env.model, req.headers.authorization);
    const identity: Identity = auth.ok ? auth.identity : { kind: 'anonymous' };
    const call = new ApiCall(this.env, req, res, url, identity);
    if (method === 'OPTIONS') {
      res.writeHead(204, {
        'access-control-allow-origin': '*',
        'access-control-allow-headers': 'Authorization, Content-Type, If-Match, If-Modified-Since, If-None-Match, If-Unmodified-Since, Accept-Encoding, X-GitHub-OTP, X-Requested-With, User-Agent, X-GitHub-Api-Version',
        'access-control-allow-methods': 'GET, POST, PATCH, PUT, DELETE',
        'access-control-max-age': '86400',
      });
      res.end();
      return null;
    }
    const path = url.pathname.slice('/api/v3'.length) || '/';
    try {
      if (!auth.ok) throw new ApiError(401, auth.message);
      const rate = this.env.controls.rateLimit(call.rateKey, call.rateDefault);
      if (rate.remaining <= 0) {
        const who = identity.kind === 'anonymous' ? (req.socket.remoteAddress ?? '') : `user ID ${identityLabel(identity)}`;
        throw new ApiError(
          403,
          `API rate limit exceeded for ${who}. If you reach out to GitHub Support for help, please include the request ID ${call.id}.`,
          'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api',
        );
      }
      const match = this.router.match(method, path);
      if (!match) throw notFound();
      if (!match.handler) throw new ApiError(404, 'Not Found');
      call.params = match.params;
      call.docs = match.handler.docs;
      await match.handler.handler(call);
    } catch (error) {
      if (res.headersSent) {
        res.destroy();
      } else if (error instanceof ApiError) {
        // Like GitHub, errors of a known route point at that route's documentation.
        call.error(
          error.documentationUrl === DOCS && call.docs !== DOCS
            ? new ApiError(error.status, error.message, call.docs, error.extra, error.headers)
            : error,
        );
      } else if (error instanceof HttpError) {
        call.error(new ApiError(error.status, error.message, call.docs));
      } else {
        console.error('[github-emulator]', error);
        call.error(new ApiError(500, 'Server Error', call.docs));
      }
    }
    return auth.ok ? identityLabel(identity) : null;
  }
}
