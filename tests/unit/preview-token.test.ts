import { describe, expect, it } from 'vitest';
import { ConfigError, parseEnv } from '@/lib/env';
import { previewContentType } from '@/lib/preview/content-types';
import { previewOrigin } from '@/lib/preview/origin';
import { previewUrl, signPreviewToken, signSnapshotKey, verifyPreviewToken, verifySnapshotKey } from '@/lib/preview/token';

const secret = 'a-secret-of-at-least-thirty-two-characters';
const target = { userId: 'user-1', owner: 'alice', repo: 'sample-game', branch: 'feature/ünï 100%' };
const now = 1_700_000_000;

describe('preview tokens', () => {
  it('carry who may see which branch until when', () => {
    const token = signPreviewToken(secret, target, { now, ttlSeconds: 600 });
    expect(token).toMatch(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(verifyPreviewToken(secret, token, now + 599)).toEqual({ ok: true, claims: { ...target, expiresAt: now + 600 } });
  });

  it('expire', () => {
    const token = signPreviewToken(secret, target, { now, ttlSeconds: 600 });
    expect(verifyPreviewToken(secret, token, now + 600)).toEqual({ ok: false, reason: 'expired' });
  });

  it('cannot be altered or made with another secret', () => {
    const token = signPreviewToken(secret, target, { now });
    const [version, body, signature] = token.split('.') as [string, string, string];
    const otherBranch = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body, 'base64url').toString()), b: 'main' })).toString('base64url');
    expect(verifyPreviewToken(secret, `${version}.${otherBranch}.${signature}`, now)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verifyPreviewToken('another-secret-of-thirty-two-characters!', token, now)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verifyPreviewToken(secret, `${version}.${body}.${signature.slice(0, -2)}`, now)).toEqual({ ok: false, reason: 'bad_signature' });
    for (const malformed of ['', 'v1', `v2.${body}.${signature}`, `${token}.extra`, 'v1..']) {
      expect(verifyPreviewToken(secret, malformed, now)).toEqual({ ok: false, reason: 'malformed' });
    }
  });

  it('are traded for snapshot keys: one commit, the link’s expiry, never taken for a link token or the other way round', () => {
    const snapshot = { userId: 'user-1', owner: 'alice', repo: 'sample-game', sha: 'a'.repeat(40), expiresAt: now + 600 };
    const key = signSnapshotKey(secret, snapshot);
    expect(verifySnapshotKey(secret, key, now)).toEqual({ ok: true, claims: snapshot });
    expect(verifySnapshotKey(secret, key, now + 600)).toEqual({ ok: false, reason: 'expired' });
    expect(verifySnapshotKey(secret, signPreviewToken(secret, target, { now }), now)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verifyPreviewToken(secret, key, now)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verifySnapshotKey('another-secret-of-thirty-two-characters!', key, now)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('go in the path, so relative links of previewed pages stay below them', () => {
    expect(previewUrl('http://localhost:4000/', 'v1.a.b')).toBe('http://localhost:4000/p/v1.a.b/');
    expect(previewUrl('http://localhost:4000', 'v1.a.b', 'dir/a b.html')).toBe('http://localhost:4000/p/v1.a.b/dir/a%20b.html');
  });
});

describe('preview origin', () => {
  it('is PREVIEW_ORIGIN when configured', () => {
    expect(previewOrigin({ PREVIEW_ORIGIN: 'https://preview.example.com', PREVIEW_PORT: 0 }, 'app.example.com')).toBe('https://preview.example.com');
  });

  it('is the preview server under the other loopback name, so no cookie of the app is ever sent to it', () => {
    expect(previewOrigin({ PREVIEW_PORT: 4100 }, '127.0.0.1:3000')).toBe('http://localhost:4100');
    expect(previewOrigin({ PREVIEW_PORT: 4100 }, 'localhost:3000')).toBe('http://127.0.0.1:4100');
    expect(previewOrigin({ PREVIEW_PORT: 4100 }, '[::1]:3000')).toBe('http://localhost:4100');
    expect(previewOrigin({ PREVIEW_PORT: 4100 }, 'devbox.lan:3000')).toBe('http://devbox.lan:4100');
  });

  it('is unknown without a preview server', () => {
    expect(previewOrigin({ PREVIEW_PORT: 0 }, 'localhost:3000')).toBeNull();
  });

  it('must be an origin that differs from the app', () => {
    expect(parseEnv({ PREVIEW_ORIGIN: 'https://preview.example.com/' }).PREVIEW_ORIGIN).toBe('https://preview.example.com');
    expect(() => parseEnv({ PREVIEW_ORIGIN: 'https://preview.example.com/path' })).toThrow(/PREVIEW_ORIGIN: must be an origin only/);
    expect(() => parseEnv({ PREVIEW_ORIGIN: 'ftp://preview.example.com' })).toThrow(/PREVIEW_ORIGIN:/);
    expect(() => parseEnv({ PREVIEW_ORIGIN: 'https://app.example.com', APP_URL: 'https://app.example.com/' })).toThrow(ConfigError);
  });
});

describe('preview content types', () => {
  it.each([
    ['index.html', 'text/html; charset=utf-8'],
    ['src/style.css', 'text/css; charset=utf-8'],
    ['src/game.js', 'text/javascript; charset=utf-8'],
    ['scenes/level1.scene.json', 'application/json; charset=utf-8'],
    ['assets/images/logo.svg', 'image/svg+xml'],
    ['assets/images/player.png', 'image/png'],
    ['assets/sounds/jump.wav', 'audio/wav'],
    ['game.wasm', 'application/wasm'],
    ['Makefile', 'application/octet-stream'],
  ])('%s is served as %s', (path, type) => {
    expect(previewContentType(path)).toBe(type);
  });
});
