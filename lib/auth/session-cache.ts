import { LRUCache } from 'lru-cache';
import { sharedRead } from '@/lib/realtime/shared-read';

/**
 * Resolving a session costs next-auth a JWE decryption and a re-encryption (several milliseconds of
 * WebCrypto per request: bench/realtime.ts showed it as the largest share of a presence PUT). The
 * same cookie always decodes to the same session, so a successful answer is reused for a short while,
 * keyed by the cookie's exact value. A changed, cleared or chunked-differently cookie is a new key;
 * an expiring session outlives its cookie by at most the TTL.
 */

/** next-auth's session cookie, `__Secure-` on HTTPS, split into `.0`, `.1`… when large. */
const SESSION_COOKIE = /^(?:__Secure-)?authjs\.session-token(?:\.\d+)?$/;

/** The session cookies of a request, in a stable form; null when there is none (anonymous). */
export function sessionCookieKey(cookies: Iterable<{ name: string; value: string }>): string | null {
  const parts = [...cookies]
    .filter((cookie) => SESSION_COOKIE.test(cookie.name) && cookie.value)
    .map((cookie) => `${cookie.name}=${cookie.value}`)
    .sort();
  return parts.length ? parts.join(';') : null;
}

export interface SessionCache<T> {
  /** The cached answer for `key`, else `resolve()`'s; only non-null answers are kept. */
  get(key: string, resolve: () => Promise<T | null>): Promise<T | null>;
}

export function createSessionCache<T extends object>({ ttlMs, max = 10_000 }: { ttlMs: number; max?: number }): SessionCache<T> {
  const cache = new LRUCache<string, T>({ max, ttl: ttlMs });
  // Concurrent requests with the same cookie wait for one resolution.
  const resolveOnce = sharedRead<[key: string, resolve: () => Promise<T | null>], T | null>(
    (key) => key,
    (_key, resolve) => resolve(),
  );
  return {
    get(key, resolve) {
      const cached = cache.get(key);
      if (cached) return Promise.resolve(cached);
      return resolveOnce(key, resolve).then((value) => {
        if (value) cache.set(key, value);
        return value;
      });
    },
  };
}
