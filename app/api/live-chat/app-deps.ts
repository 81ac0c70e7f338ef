import { withRepoAccess } from '@/lib/auth';
import { db } from '@/lib/db';
import { env } from '@/lib/env';
import { turnRateLimiter } from '@/lib/live-chat/rate-limit';
import { anthropicClient, llmSettings } from '@/lib/llm/client';
import { objectStore } from '@/lib/storage';
import type { LiveChatRouteDeps } from './deps';

export const appDeps: LiveChatRouteDeps = {
  withRepoAccess,
  db,
  store: objectStore,
  limiter: turnRateLimiter,
  llm: () => ({ client: anthropicClient(), settings: llmSettings() }),
  config: () => ({ retentionDays: env().LIVE_CHAT_RETENTION_DAYS, githubUrl: env().GITHUB_URL }),
};
