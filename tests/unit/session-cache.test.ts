import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it, vi } from 'vitest';
import { createSessionCache, sessionCookieKey } from '@/lib/auth/session-cache';

describe('session cookie key', () => {
  it('is null without a session cookie, and ignores other cookies', () => {
    expect(sessionCookieKey([])).toBeNull();
    expect(sessionCookieKey([{ name: 'authjs.csrf-token', value: 'x' }, { name: 'theme', value: 'dark' }])).toBeNull();
    expect(sessionCookieKey([{ name: 'authjs.session-token', value: '' }])).toBeNull();
  });

  it('covers plain, __Secure- and chunked session cookies, in any order', () => {
    expect(sessionCookieKey([{ name: 'theme', value: 'dark' }, { name: 'authjs.session-token', value: 'abc' }])).toBe('authjs.session-token=abc');
    const chunked = [
      { name: '__Secure-authjs.session-token.1', value: 'tail' },
      { name: '__Secure-authjs.session-token.0', value: 'head' },
    ];
    expect(sessionCookieKey(chunked)).toBe(sessionCookieKey([...chunked].reverse()));
    expect(sessionCookieKey(chunked)).toContain('head');
    expect(sessionCookieKey(chunked)).toContain('tail');
  });
});

describe('session cache', () => {
  it('resolves a cookie once while it is fresh, and again after the TTL', async () => {
    const cache = createSessionCache<{ id: string }>({ ttlMs: 100 });
    const resolve = vi.fn(async () => ({ id: 'u1' }));
    expect(await cache.get('k', resolve)).toEqual({ id: 'u1' });
    expect(await cache.get('k', resolve)).toEqual({ id: 'u1' });
    expect(resolve).toHaveBeenCalledTimes(1);
    await sleep(150);
    await cache.get('k', resolve);
    expect(resolve).toHaveBeenCalledTimes(2);
  });

  it('never keeps a missing session, and shares one resolution between concurrent requests', async () => {
    const cache = createSessionCache<{ id: string }>({ ttlMs: 60_000 });
    const anonymous = vi.fn(async () => null);
    expect(await cache.get('bad', anonymous)).toBeNull();
    expect(await cache.get('bad', anonymous)).toBeNull();
    expect(anonymous).toHaveBeenCalledTimes(2);

    let release!: (value: { id: string }) => void;
    const slow = vi.fn(() => new Promise<{ id: string }>((resolve) => (release = resolve)));
    const both = Promise.all([cache.get('k', slow), cache.get('k', slow)]);
    release({ id: 'u2' });
    expect(await both).toEqual([{ id: 'u2' }, { id: 'u2' }]);
    expect(slow).toHaveBeenCalledTimes(1);
  });

  it('keys different cookies apart', async () => {
    const cache = createSessionCache<{ id: string }>({ ttlMs: 60_000 });
    expect(await cache.get('a', async () => ({ id: 'alice' }))).toEqual({ id: 'alice' });
    expect(await cache.get('b', async () => ({ id: 'bob' }))).toEqual({ id: 'bob' });
  });
});
