import { LRUCache } from 'lru-cache';
import { env } from '@/lib/env';
import { AppError } from '@/lib/errors';

/**
 * Live Chat turns per user in a sliding window, counted in this process's memory (an LLM endpoint is
 * expensive; DESIGN.md asks for a per-user limit). With several app instances each counts its own.
 */
export class TurnRateLimiter {
  /** user id → start times of their turns in the window, oldest first. */
  private readonly starts: LRUCache<string, number[]>;

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.starts = new LRUCache({ max: 10_000, ttl: windowMs });
  }

  /** Counts a turn for the user, or throws 429 `rate_limited` with `retry-after`. Returns the undo. */
  take(userId: string): () => void {
    const now = this.now();
    const recent = (this.starts.get(userId) ?? []).filter((start) => now - start < this.windowMs);
    if (recent.length >= this.limit) {
      const retryAfter = Math.max(1, Math.ceil((recent[0]! + this.windowMs - now) / 1000));
      const window = this.windowMs >= 120_000 ? `${Math.round(this.windowMs / 60_000)} minutes` : `${Math.round(this.windowMs / 1000)} seconds`;
      throw new AppError(
        'rate_limited',
        `You started ${this.limit} Live Chat turns in the last ${window}, the most allowed. Try again in ${formatWait(retryAfter)}.`,
        { 'retry-after': String(retryAfter) },
      );
    }
    recent.push(now);
    this.starts.set(userId, recent);
    return () => {
      const current = this.starts.get(userId);
      const index = current?.lastIndexOf(now) ?? -1;
      if (current && index >= 0) current.splice(index, 1);
    };
  }
}

function formatWait(seconds: number): string {
  if (seconds < 90) return `${seconds} seconds`;
  return `${Math.ceil(seconds / 60)} minutes`;
}

const globalForLimiter = globalThis as unknown as { webedtTurnRateLimiter?: TurnRateLimiter };

/** The process's limiter (LIVE_CHAT_TURNS_PER_WINDOW per LIVE_CHAT_WINDOW_SECONDS). */
export function turnRateLimiter(): TurnRateLimiter {
  const config = env();
  globalForLimiter.webedtTurnRateLimiter ??= new TurnRateLimiter(config.LIVE_CHAT_TURNS_PER_WINDOW, config.LIVE_CHAT_WINDOW_SECONDS * 1000);
  return globalForLimiter.webedtTurnRateLimiter;
}
