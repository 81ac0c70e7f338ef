/** Server side of the test controls: request log, latency, faults and rate-limit accounting. */
import { z } from 'zod';
import type { Fault, LatencyRule, RequestLogEntry } from './control';

const pattern = z
  .string()
  .refine((value) => {
    try {
      new RegExp(value);
      return true;
    } catch {
      return false;
    }
  }, 'a valid regular expression')
  .optional();

export const latencySchema = z.object({ ms: z.number().int().min(0).max(120_000), pathPattern: pattern });

export const faultSchema = z.union([
  z.object({
    kind: z.literal('secondary-rate-limit'),
    retryAfter: z.number().int().min(0),
    count: z.number().int().positive().default(1),
    pathPattern: pattern,
    method: z.string().optional(),
  }),
  z.object({
    status: z.union([z.literal(500), z.literal(502), z.literal(503)]),
    count: z.number().int().positive().default(1),
    pathPattern: pattern,
    method: z.string().optional(),
  }),
]);

const LOG_LIMIT = 10_000;
const WINDOW_MS = 3600_000;

interface Bucket {
  used: number;
  resetAt: number;
}

export interface RateLimitState {
  limit: number;
  used: number;
  remaining: number;
  /** Epoch seconds. */
  reset: number;
}

export class Controls {
  private log: RequestLogEntry[] = [];
  private seq = 0;
  private latencyRules: LatencyRule[] = [];
  private faults: (Fault & { left: number })[] = [];
  private buckets = new Map<string, Bucket>();
  private limitOverride: number | null = null;

  record(entry: Omit<RequestLogEntry, 'seq'>): void {
    this.log.push({ seq: ++this.seq, ...entry });
    if (this.log.length > LOG_LIMIT) this.log.splice(0, this.log.length - LOG_LIMIT);
  }

  requests(since: number): { requests: RequestLogEntry[]; lastSeq: number } {
    return { requests: this.log.filter((e) => e.seq > since), lastSeq: this.seq };
  }

  clearLog(): void {
    this.log = [];
  }

  setLatency(rule: LatencyRule): void {
    this.latencyRules = this.latencyRules.filter((r) => r.pathPattern !== rule.pathPattern);
    if (rule.ms > 0) this.latencyRules.push(rule);
  }

  latencyFor(path: string): number {
    return this.latencyRules
      .filter((r) => r.pathPattern === undefined || new RegExp(r.pathPattern).test(path))
      .reduce((sum, r) => sum + r.ms, 0);
  }

  addFault(fault: Fault): void {
    this.faults.push({ ...fault, left: fault.count });
  }

  /** Consumes and returns the first fault matching this request, if any. */
  takeFault(method: string, path: string): Fault | null {
    const fault = this.faults.find(
      (f) =>
        f.left > 0 &&
        (f.method === undefined || f.method.toUpperCase() === method) &&
        (f.pathPattern === undefined || new RegExp(f.pathPattern).test(path)),
    );
    if (!fault) return null;
    fault.left--;
    this.faults = this.faults.filter((f) => f.left > 0);
    return fault;
  }

  setRateLimit(limit: number): void {
    this.limitOverride = limit;
  }

  reset(): void {
    this.log = [];
    this.latencyRules = [];
    this.faults = [];
    this.buckets.clear();
    this.limitOverride = null;
  }

  private bucket(key: string): Bucket {
    const now = Date.now();
    let bucket = this.buckets.get(key);
    if (!bucket || bucket.resetAt <= now) {
      bucket = { used: 0, resetAt: now + WINDOW_MS };
      this.buckets.set(key, bucket);
    }
    return bucket;
  }

  rateLimit(key: string, defaultLimit: number): RateLimitState {
    const bucket = this.bucket(key);
    const limit = this.limitOverride ?? defaultLimit;
    return {
      limit,
      used: bucket.used,
      remaining: Math.max(0, limit - bucket.used),
      reset: Math.floor(bucket.resetAt / 1000),
    };
  }

  consume(key: string, defaultLimit: number): RateLimitState {
    this.bucket(key).used++;
    return this.rateLimit(key, defaultLimit);
  }
}
