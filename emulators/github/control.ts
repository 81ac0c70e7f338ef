/**
 * Typed client for the emulator's test-control endpoints (`${url}/_emulator/...`). Dependency-free so
 * tests and the app can import it without pulling in the server.
 */

export interface RequestLogEntry {
  /** Monotonic sequence number; pass the last one seen as `since` to get only newer entries. */
  seq: number;
  method: string;
  /** Path without the query string, e.g. `/api/v3/repos/alice/sample-game`. */
  path: string;
  query: string;
  status: number;
  /** Login of the authenticated user, `installation:<id>`, `app:<id>`, or null when anonymous. */
  user: string | null;
  kind: 'api' | 'git' | 'oauth' | 'web';
  time: string;
  durationMs: number;
}

export interface RequestLog {
  requests: RequestLogEntry[];
  /** Sequence number of the newest entry ever logged (0 when none); survives clearing. */
  lastSeq: number;
}

export interface LatencyRule {
  ms: number;
  /** Regular expression tested against the request path; absent = every request. */
  pathPattern?: string;
}

export interface StatusFault {
  status: 500 | 502 | 503;
  count: number;
  pathPattern?: string;
  method?: string;
}

export interface SecondaryRateLimitFault {
  kind: 'secondary-rate-limit';
  /** Seconds, sent as the `retry-after` header. */
  retryAfter: number;
  count: number;
  pathPattern?: string;
  method?: string;
}

export type Fault = StatusFault | SecondaryRateLimitFault;

export interface EmulatorUser {
  login: string;
  id: number;
  name: string;
  email: string;
  avatar_url: string;
}

export interface UserTokenResponse {
  access_token: string;
  expires_in: number;
  refresh_token: string;
  refresh_token_expires_in: number;
  token_type: 'bearer';
  scope: string;
}

export interface EmulatorApp {
  id: number;
  slug: string;
  client_id: string;
  /** PEM (PKCS#1), as GitHub issues App keys. */
  private_key: string;
  installations: { id: number; account: string; repositories: string[] }[];
}

export interface RequestFilter {
  method?: string;
  /** Regular expression tested against the path. */
  pathPattern?: string;
  user?: string | null;
  since?: number;
}

/** Calls an emulator's `/_emulator${path}` control with a JSON body; throws with the answer when it fails. */
export async function callEmulatorControl<T>(name: string, url: string, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${url}/_emulator${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${name} control ${method} ${path} → ${response.status}: ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

export class GitHubEmulatorControl {
  constructor(readonly url: string) {}

  private call<T>(method: string, path: string, body?: unknown): Promise<T> {
    return callEmulatorControl('GitHub emulator', this.url, method, path, body);
  }

  requests(since?: number): Promise<RequestLog> {
    return this.call('GET', since === undefined ? '/requests' : `/requests?since=${since}`);
  }

  /** Number of logged requests matching the filter. */
  async count(filter: RequestFilter = {}): Promise<number> {
    const { requests } = await this.requests(filter.since);
    const pattern = filter.pathPattern === undefined ? null : new RegExp(filter.pathPattern);
    return requests.filter(
      (r) =>
        (filter.method === undefined || r.method === filter.method.toUpperCase()) &&
        (pattern === null || pattern.test(r.path)) &&
        (filter.user === undefined || r.user === filter.user),
    ).length;
  }

  clearRequests(): Promise<void> {
    return this.call('DELETE', '/requests');
  }

  /** Adds delay to matching requests until reset; `ms: 0` removes the rule with the same pattern. */
  latency(rule: LatencyRule): Promise<void> {
    return this.call('POST', '/latency', rule);
  }

  /** The next `count` matching requests fail with the fault. */
  fault(fault: Fault): Promise<void> {
    return this.call('POST', '/faults', fault);
  }

  /** Makes the given access token, or all of a user's access tokens, expired (→ 401 Bad credentials). */
  expireToken(target: { token: string } | { login: string }): Promise<{ expired: number }> {
    return this.call('POST', '/expire-token', target);
  }

  /** Sets the primary rate limit per identity (default 5000, anonymous 60) for the current window. */
  rateLimit(limit: number): Promise<void> {
    return this.call('POST', '/rate-limit', { limit });
  }

  /** Recursive tree listings longer than `limit` entries are cut short with `truncated: true` (GitHub: 100,000). */
  treeLimit(limit: number): Promise<void> {
    return this.call('POST', '/tree-limit', { limit });
  }

  /** After each API ref update, reads of that ref answer its previous sha for `ms` (0 = current reads). */
  replicationLag(ms: number): Promise<void> {
    return this.call('POST', '/replication-lag', { ms });
  }

  /** Clears faults, latency, lag, the tree limit, the request log and rate-limit counters. */
  reset(): Promise<void> {
    return this.call('POST', '/reset');
  }

  users(): Promise<EmulatorUser[]> {
    return this.call('GET', '/users');
  }

  /** Issues a user access token as the OAuth flow would, without the browser round trip. */
  createUserToken(login: string, options: { expiresIn?: number } = {}): Promise<UserTokenResponse> {
    return this.call('POST', '/tokens', { login, ...options });
  }

  /** The seeded GitHub App with its private key (for signing App JWTs in tests and local config). */
  app(): Promise<EmulatorApp> {
    return this.call('GET', '/app');
  }
}
