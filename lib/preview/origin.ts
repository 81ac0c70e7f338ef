import type { Env } from '@/lib/env';

/** The other loopback name: cookies are per host name, so an app on one never shares them with the other. */
const otherLoopback: Record<string, string> = { '127.0.0.1': 'localhost', localhost: '127.0.0.1', '[::1]': 'localhost' };

/**
 * Where a browser that reached the app at `appHost` (its Host header) finds previews: PREVIEW_ORIGIN
 * when configured (deployments), else the preview server that serve.ts started (PREVIEW_PORT) under
 * the other loopback name, or under the same host name on its own port. Null: no preview server.
 */
export function previewOrigin(config: Pick<Env, 'PREVIEW_ORIGIN' | 'PREVIEW_PORT'>, appHost: string | null): string | null {
  if (config.PREVIEW_ORIGIN) return config.PREVIEW_ORIGIN;
  if (!config.PREVIEW_PORT) return null;
  let hostname = 'localhost';
  try {
    if (appHost) hostname = new URL(`http://${appHost}`).hostname;
  } catch {
    // A malformed Host header: fall back to the loopback default.
  }
  return `http://${otherLoopback[hostname] ?? hostname}:${config.PREVIEW_PORT}`;
}
