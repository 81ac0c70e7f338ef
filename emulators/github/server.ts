/**
 * The GitHub emulator's HTTP server: OAuth, the REST API under /api/v3, git smart HTTP, avatars, raw files,
 * archives and the test controls under /_emulator. Backed by real bare git repositories in `dataDir`.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { z } from 'zod';
import { Api, ApiError, baseHeaders, rateBucket, rateLimitHeaders, requestId } from './api';
import { authenticate } from './auth';
import type { EmulatorApp, EmulatorUser, RequestLogEntry } from './control';
import { Controls, faultSchema, latencySchema, replicationLagSchema, treeLimitSchema } from './controls';
import { GIT_PATH_RE, handleGitHttp } from './git-http';
import { HttpError, listen, parseWith, readJson, send } from './http';
import { Model } from './model';
import { OAuth, tokenUser } from './oauth';
import { registerGitRoutes } from './rest-git';
import { registerMetaRoutes } from './rest-meta';
import { registerIssueRoutes } from './rest-issues';
import { registerRepoRoutes } from './rest-repos';
import { registerUserRoutes } from './rest-users';
import { loadSeed } from './seed';
import { Shapes, type Urls } from './shapes';
import { avatar, codeload, home, raw } from './web';

export interface GitHubEmulatorOptions {
  /** 0 = any free port. Default 3190. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Bare repositories and state live here; created when missing. */
  dataDir: string;
  /** Path to a seed JSON file; default `emulators/github/seed.json`. */
  seed?: string;
  /** Deletes the repositories and state in `dataDir` first (the App key is kept). */
  reset?: boolean;
  /** Logs unexpected server errors to the console (default true). */
  logErrors?: boolean;
}

export interface GitHubEmulator {
  /** Web root, e.g. http://127.0.0.1:3190 (OAuth, git, avatars, /_emulator controls). */
  url: string;
  /** REST root: `${url}/api/v3`. */
  apiUrl: string;
  close(): Promise<void>;
}

type Kind = RequestLogEntry['kind'];

const DEFAULT_PORT = 3190;

function kindOf(pathname: string): Kind {
  if (pathname === '/api/v3' || pathname.startsWith('/api/v3/')) return 'api';
  if (pathname.startsWith('/login/oauth/')) return 'oauth';
  if (GIT_PATH_RE.test(pathname)) return 'git';
  return 'web';
}

function json(res: ServerResponse, status: number, body: unknown): void {
  if (body === undefined) {
    res.writeHead(status, { 'cache-control': 'no-store' });
    res.end();
    return;
  }
  send(res, status, JSON.stringify(body), { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
}

const tokenTarget = z.union([z.object({ token: z.string().min(1) }), z.object({ login: z.string().min(1) })]);
const tokenRequest = z.object({ login: z.string().min(1), expiresIn: z.number().int().positive().optional() });
const rateLimitRequest = z.object({ limit: z.number().int().min(0) });

export async function startGitHubEmulator(options: GitHubEmulatorOptions): Promise<GitHubEmulator> {
  const dataDir = path.resolve(options.dataDir);
  const host = options.host ?? '127.0.0.1';
  const logErrors = options.logErrors ?? true;
  if (options.reset) {
    await rm(path.join(dataDir, 'repos'), { recursive: true, force: true });
    await rm(path.join(dataDir, 'state.json'), { force: true });
  }
  await mkdir(dataDir, { recursive: true });
  const seed = await loadSeed(options.seed);
  const model = new Model(seed, dataDir);
  await model.init();

  const controls = new Controls();
  const children = new Set<ChildProcess>();
  // Filled in once the server listens (the port may be chosen by the OS).
  let ready: { api: Api; oauth: OAuth; urls: Urls } | null = null;

  const controlRoutes = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const route = `${req.method ?? 'GET'} ${url.pathname.replace(/\/+$/, '')}`;
    switch (route) {
      case 'GET /_emulator/requests': {
        const since = Number.parseInt(url.searchParams.get('since') ?? '0', 10) || 0;
        return json(res, 200, controls.requests(since));
      }
      case 'DELETE /_emulator/requests':
        controls.clearLog();
        return json(res, 204, undefined);
      case 'POST /_emulator/latency':
        controls.setLatency(parseWith(latencySchema, await readJson(req)));
        return json(res, 204, undefined);
      case 'POST /_emulator/faults':
        controls.addFault(parseWith(faultSchema, await readJson(req)));
        return json(res, 204, undefined);
      case 'POST /_emulator/expire-token': {
        const target = parseWith(tokenTarget, await readJson(req));
        const expired =
          'token' in target
            ? model.store.expireTokens((value) => value === target.token)
            : model.store.expireTokens(
                (_, token) => token.kind === 'user' && token.login.toLowerCase() === target.login.toLowerCase(),
              );
        return json(res, 200, { expired });
      }
      case 'POST /_emulator/rate-limit':
        controls.setRateLimit(parseWith(rateLimitRequest, await readJson(req)).limit);
        return json(res, 204, undefined);
      case 'POST /_emulator/tree-limit':
        controls.setTreeLimit(parseWith(treeLimitSchema, await readJson(req)).limit);
        return json(res, 204, undefined);
      case 'POST /_emulator/replication-lag':
        controls.setReplicationLag(parseWith(replicationLagSchema, await readJson(req)).ms);
        return json(res, 204, undefined);
      case 'POST /_emulator/reset':
        controls.reset();
        return json(res, 204, undefined);
      case 'GET /_emulator/users': {
        const users: EmulatorUser[] = seed.users.map((u) => ({
          login: u.login,
          id: u.id,
          name: u.name,
          email: u.email,
          avatar_url: ready ? ready.api.env.shapes.avatarUrl(u) : '',
        }));
        return json(res, 200, users);
      }
      case 'POST /_emulator/tokens': {
        const body = parseWith(tokenRequest, await readJson(req));
        const user = model.user(body.login);
        if (!user) throw new HttpError(404, `No user ${body.login}`);
        const clientId = seed.oauth_apps[0]?.client_id ?? 'emulator';
        return json(res, 201, ready?.oauth.issueTokens(user.login, clientId, body.expiresIn));
      }
      case 'GET /_emulator/app': {
        const app = seed.app;
        if (!app || !model.appPrivateKeyPem) throw new HttpError(404, 'No GitHub App in the seed');
        const result: EmulatorApp = {
          id: app.id,
          slug: app.slug,
          client_id: app.client_id,
          private_key: model.appPrivateKeyPem,
          installations: app.installations.map((i) => ({
            id: i.id,
            account: i.account,
            repositories: model.installationRepos(i).map((r) => r.fullName),
          })),
        };
        return json(res, 200, result);
      }
      default:
        throw new HttpError(404, `No control ${route}`);
    }
  };

  /** Answers an injected fault the way GitHub would for this kind of request. */
  const sendFault = (
    req: IncomingMessage,
    res: ServerResponse,
    kind: Kind,
    fault: NonNullable<ReturnType<Controls['takeFault']>>,
  ): void => {
    const id = requestId();
    if ('kind' in fault) {
      const message = `You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID ${id}.`;
      const headers = { ...baseHeaders(id), 'retry-after': String(fault.retryAfter) };
      if (kind === 'api') {
        // GitHub reports the primary limit on these too; a secondary limit does not use up the primary one.
        const auth = authenticate(model, req.headers.authorization);
        const bucket = rateBucket(auth.ok ? auth.identity : { kind: 'anonymous' }, req);
        Object.assign(headers, rateLimitHeaders(controls.rateLimit(bucket.key, bucket.defaultLimit)));
        send(
          res,
          403,
          JSON.stringify({
            message,
            documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
            status: '403',
          }),
          { ...headers, 'content-type': 'application/json; charset=utf-8' },
        );
      } else {
        send(res, 403, `${message}\n`, { ...headers, 'content-type': 'text/plain; charset=utf-8' });
      }
      return;
    }
    const text = fault.status === 500 ? 'Server Error' : fault.status === 502 ? 'Bad Gateway' : 'Service Unavailable';
    if (kind === 'api') {
      send(res, fault.status, JSON.stringify({ message: text, documentation_url: 'https://docs.github.com/rest', status: String(fault.status) }), {
        ...baseHeaders(id),
        'content-type': 'application/json; charset=utf-8',
      });
    } else {
      send(res, fault.status, `${text}\n`, { 'content-type': 'text/plain; charset=utf-8', 'x-github-request-id': id });
    }
  };

  const web = async (req: IncomingMessage, res: ServerResponse, url: URL, urls: Urls): Promise<string | null> => {
    const parts = url.pathname.split('/').filter(Boolean).map((p) => {
      try {
        return decodeURIComponent(p);
      } catch {
        return p;
      }
    });
    const method = req.method ?? 'GET';
    if (method !== 'GET' && method !== 'HEAD') {
      send(res, 404, 'Not Found\n', { 'content-type': 'text/plain; charset=utf-8' });
      return null;
    }
    if (parts.length === 0) {
      home(model, urls, res);
      return null;
    }
    if (parts[0] === 'avatars' && parts.length === 2) {
      avatar(model, res, parts[1] ?? '', url);
      return null;
    }
    if (parts[0] === '_codeload' && parts.length >= 4) {
      codeload(res, url, parts.slice(1), children);
      return null;
    }
    if (parts.length >= 5 && parts[2] === 'raw') return raw(model, req, res, [parts[0] ?? '', parts[1] ?? '', ...parts.slice(3)]);
    // GitHub serves avatars at https://github.com/<login>.png too.
    if (parts.length === 1 && parts[0]?.endsWith('.png')) {
      avatar(model, res, parts[0], url);
      return null;
    }
    send(res, 404, 'Not Found\n', { 'content-type': 'text/plain; charset=utf-8' });
    return null;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = Date.now();
    const url = new URL(req.url ?? '/', 'http://emulator.invalid');
    const method = (req.method ?? 'GET').toUpperCase();
    if (!ready) {
      send(res, 503, 'Starting\n');
      return;
    }
    const { api, oauth, urls } = ready;

    if (url.pathname === '/_emulator' || url.pathname.startsWith('/_emulator/')) {
      try {
        await controlRoutes(req, res, url);
      } catch (error) {
        if (error instanceof HttpError) json(res, error.status, { message: error.message });
        else throw error;
      }
      return;
    }

    const kind = kindOf(url.pathname);
    let user: string | null = null;
    try {
      const wait = controls.latencyFor(url.pathname);
      if (wait > 0) await delay(wait);
      const fault = controls.takeFault(method, url.pathname);
      if (fault) {
        // Drain the body so the client sees the answer rather than a reset connection.
        req.resume();
        user = tokenUser(model, req.headers.authorization);
        sendFault(req, res, kind, fault);
      } else if (kind === 'api') {
        user = await api.handle(req, res, url);
      } else if (kind === 'oauth') {
        if (url.pathname.replace(/\/+$/, '') === '/login/oauth/authorize' && (method === 'GET' || method === 'POST')) {
          user = await oauth.authorize(req, res, url);
        } else if (url.pathname.replace(/\/+$/, '') === '/login/oauth/access_token' && method === 'POST') {
          user = await oauth.token(req, res, url);
        } else {
          send(res, 404, 'Not Found\n', { 'content-type': 'text/plain; charset=utf-8' });
        }
      } else if (kind === 'git') {
        user = await handleGitHttp(model, req, res, url, children);
      } else {
        user = await web(req, res, url, urls);
      }
    } catch (error) {
      if (!res.headersSent) {
        const status = error instanceof HttpError || error instanceof ApiError ? error.status : 500;
        if (status === 500 && logErrors) console.error('[github-emulator]', error);
        send(res, status, `${error instanceof Error && status !== 500 ? error.message : 'Server Error'}\n`, {
          'content-type': 'text/plain; charset=utf-8',
        });
      } else {
        res.destroy();
      }
    } finally {
      controls.record({
        method,
        path: url.pathname,
        query: url.search.slice(1),
        status: res.statusCode,
        user,
        kind,
        time: new Date(started).toISOString(),
        durationMs: Date.now() - started,
      });
    }
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (logErrors) console.error('[github-emulator]', error);
      if (!res.headersSent) send(res, 500, 'Server Error\n');
      else res.destroy();
    });
  });
  // Long-running git transfers must not be cut off by Node's default request timeout.
  server.requestTimeout = 0;
  server.keepAliveTimeout = 5_000;

  const url = await listen(server, options.port ?? DEFAULT_PORT, host);
  const urls: Urls = { web: url, api: `${url}/api/v3` };
  const api = new Api({ model, controls, shapes: new Shapes(model, urls), urls });
  registerMetaRoutes(api);
  registerUserRoutes(api);
  registerRepoRoutes(api);
  registerIssueRoutes(api);
  registerGitRoutes(api);
  ready = { api, oauth: new OAuth(model, urls), urls };

  let closing: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
      for (const child of children) child.kill('SIGTERM');
      // In-flight requests get a moment to finish; then every connection is cut.
      const force = setTimeout(() => server.closeAllConnections(), 1_000);
      force.unref();
    }).then(async () => {
      // Wait for killed backends to be reaped so no child outlives close().
      const deadline = Date.now() + 2_000;
      while (children.size > 0 && Date.now() < deadline) await delay(10);
    });
    return closing;
  };

  return { url, apiUrl: urls.api, close };
}
