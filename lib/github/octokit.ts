import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import Bottleneck from 'bottleneck/light.js';
import { LRUCache } from 'lru-cache';
import { env } from '@/lib/env';

/**
 * The one Octokit factory. Every GitHub call goes through it so that:
 * - rate limits and secondary rate limits are waited out and retried (throttling plugin),
 * - transient 5xx are retried with backoff (retry plugin),
 * - GETs are conditional (ETag / If-None-Match): a 304 costs no rate limit and returns the cached body,
 * - a token GitHub rejects (401) is renewed once through `onUnauthorized` and the call repeated.
 */
export const WebEdtOctokit = Octokit.plugin(throttling, retry);
export type GitHubClient = InstanceType<typeof WebEdtOctokit>;

type GitHubResponse = Awaited<ReturnType<GitHubClient['request']>>;

interface CachedResponse {
  etag: string;
  response: GitHubResponse;
}

/** Responses depend on who asks (permissions, private repos), so entries are scoped per cache key. */
const etagCache = new LRUCache<string, CachedResponse>({ max: 5_000 });

interface LocalStore {
  Promise: PromiseConstructor;
  yieldLoop(t?: number): Promise<void>;
}
const patched = Symbol.for('webedt.bottleneck.yieldLoop');

/**
 * Bottleneck (under the throttling and retry plugins, and our write pacing) yields to the event loop at each
 * step of every job with `setTimeout(0)` — a 1 ms floor each, more on a busy loop — and every GitHub call is
 * three or four jobs (retry, throttling's retry limiter, the global group, the write group): about 12 ms before
 * a GET is even sent, 17 ms before a write. Its in-memory store yields only to behave like its Redis store, so
 * zero-length yields use setImmediate (the loop still turns, in order) and real waits (`t > 0`) stay timers.
 * Patched once on the store class of `bottleneck/light.js`, the build the plugins import.
 */
export function yieldBottleneckWithoutTimers(): void {
  const store = Object.getPrototypeOf((new Bottleneck() as unknown as { _store: object })._store) as LocalStore & { [patched]?: true };
  if (store[patched]) return;
  const timerYield = store.yieldLoop;
  store.yieldLoop = function (this: LocalStore, t = 0) {
    return t > 0 ? timerYield.call(this, t) : new this.Promise<void>((resolve) => setImmediate(resolve));
  };
  store[patched] = true;
}
yieldBottleneckWithoutTimers();

/**
 * GitHub asks for mutations to be spaced out; the plugin's default of one per second makes a commit
 * (blob, tree, commit, ref) take seconds. Writes are serialised per client id with a short gap instead.
 */
const writeGroup = new Bottleneck.Group({ maxConcurrent: 1, minTime: 50 });

const MAX_LIMIT_RETRIES = 2;

export interface OctokitOptions {
  /** The token, or how to get it: then it is read on the first call, so a client nobody uses costs nothing. */
  token?: string | (() => Promise<string>);
  /** Scopes the ETag cache and write pacing, e.g. the user id. */
  cacheKey?: string;
  /** Returns a fresh token after GitHub answered 401 with `rejectedToken`. */
  onUnauthorized?: (rejectedToken: string) => Promise<string>;
  /** Base for retry backoff in ms (tests shorten it). */
  retryBaseMs?: number;
}

/** Base URL, logging, throttling and retry shared by every client (user and GitHub App alike). */
export function clientOptions(scope: string, retryBaseMs = 1000) {
  return {
    baseUrl: env().GITHUB_API_URL.replace(/\/$/, ''),
    userAgent: 'webedt',
    // Failed requests reach callers as thrown errors, which the error layer reports; logging them here too
    // would also print every 304 and 404, which are normal answers.
    log: { debug: () => {}, info: () => {}, warn: console.warn, error: () => {} },
    throttle: {
      id: scope,
      write: writeGroup,
      retryAfterBaseValue: retryBaseMs,
      onRateLimit: (_retryAfter: number, _request: unknown, _client: unknown, retryCount: number) => retryCount < MAX_LIMIT_RETRIES,
      onSecondaryRateLimit: (_retryAfter: number, _request: unknown, _client: unknown, retryCount: number) =>
        retryCount < MAX_LIMIT_RETRIES,
    },
    // The plugin's default list plus 409: an empty repository or a stale file sha is an answer, not a transient failure.
    retry: { retryAfterBaseValue: retryBaseMs, doNotRetry: [400, 401, 403, 404, 409, 410, 422, 451] },
  };
}

export function createOctokit(options: OctokitOptions = {}): GitHubClient {
  const tokenSource = options.token;
  let token: string | undefined;
  let pendingToken: Promise<string> | undefined;
  const currentToken = async () => {
    if (token !== undefined || tokenSource === undefined) return token;
    if (typeof tokenSource === 'string') return (token = tokenSource);
    pendingToken ??= tokenSource().finally(() => (pendingToken = undefined));
    return (token = await pendingToken);
  };
  const scope = options.cacheKey ?? 'anonymous';
  // The token is set per request in the hook below, not through `auth`: Octokit's token hook would
  // overwrite a renewed token with the original one when a rejected call is repeated.
  const octokit = new WebEdtOctokit(clientOptions(scope, options.retryBaseMs));

  octokit.hook.wrap('request', async (request, requestOptions) => {
    const method = requestOptions.method.toUpperCase();
    const key = `${scope} ${octokit.request.endpoint(requestOptions).url}`;
    const cached = method === 'GET' ? etagCache.get(key) : undefined;
    if (cached) requestOptions.headers['if-none-match'] = cached.etag;
    const sentToken = await currentToken();
    if (sentToken) requestOptions.headers.authorization = `token ${sentToken}`;

    const send = async (): Promise<GitHubResponse> => {
      try {
        return await request(requestOptions);
      } catch (error) {
        const status = (error as { status?: number }).status;
        if (status === 304 && cached) return { ...cached.response, headers: { ...cached.response.headers } };
        if (status === 401 && sentToken && options.onUnauthorized) {
          token = await options.onUnauthorized(sentToken);
          requestOptions.headers.authorization = `token ${token}`;
          return request(requestOptions);
        }
        throw error;
      }
    };
    const response = await send();
    const etag = response.headers.etag;
    if (method === 'GET' && typeof etag === 'string' && response.status === 200) {
      etagCache.set(key, { etag, response });
    }
    return response;
  });
  return octokit;
}
