/**
 * `npm run preview-server`: serves branch previews on their own origin (see lib/preview/server.ts).
 * `serve.ts` starts it for you; run it yourself when previews live behind another host name
 * (PREVIEW_ORIGIN proxied to PREVIEW_PORT). Needs the app's DATABASE_URL and AUTH_SECRET. Started
 * by serve.ts, it reports the port it listens on over IPC.
 */
import { createDatabase } from '@/lib/db/client';
import { ConfigError, parseEnv } from '@/lib/env';
import { startPreviewServer } from '@/lib/preview/server';

async function main(): Promise<void> {
  const config = parseEnv(process.env);
  if (!config.DATABASE_URL) throw new ConfigError('DATABASE_URL is required: previews read users\' GitHub credentials from the app\'s database.');
  if (!config.AUTH_SECRET) throw new ConfigError('AUTH_SECRET is required: it checks the preview links the app signs.');
  const database = createDatabase(config.DATABASE_URL, 4);
  const server = await startPreviewServer({ db: database.db, secret: config.AUTH_SECRET, port: config.PREVIEW_PORT });
  console.log(`[preview] branch previews on port ${server.port}`);
  process.send?.({ type: 'listening', port: server.port });
  const stop = async () => {
    await server.close();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  // Started by serve.ts: stop with it, even if it is killed outright.
  process.once('disconnect', () => void stop());
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
