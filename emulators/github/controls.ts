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

export const treeLimitSchema = z.object({ limit: z.number().int().positive() });
export const replicationLagSchema = z.object({ ms: z.number().int().min(0).max(120_000) });

const LOG_LIMIT = 10_000;
/** GitHub's documented cap on the entries of one recursive tree listing. */
export const DEFAULT_TREE_LIMIT = 100_000;
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
  private recursiveTreeLimit = DEFAULT_TREE_LIMIT;
  private lagMs = 0;
  /** `repo id + ref` → the sha reads keep seeing until `until` (epoch ms). */
  private staleRefs = new Map<string, { sha: string; until: number }>();

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

  setTreeLimit(limit: number): void {
    this.recursiveTreeLimit = limit;
  }

  /** Entries a recursive tree listing holds at most before GitHub cuts it short (`truncated: true`). */
  get treeLimit(): number {
    return this.recursiveTreeLimit;
  }

  /** From now on, reads of a ref updated through the API see its previous value for `ms` (GitHub's read replicas lag). */
  setReplicationLag(ms: number): void {
    this.lagMs = ms;
    this.staleRefs.clear();
  }

  refUpdated(repoId: number, ref: string, previousSha: string): void {
    if (this.lagMs === 0) return;
    const key = `${repoId} ${ref}`;
    // A second update inside the window keeps the oldest value visible, as a lagging replica would.
    const stale = this.staleRefs.get(key);
    const sha = stale && stale.until > Date.now() ? stale.sha : previousSha;
    this.staleRefs.set(key, { sha, until: Date.now() + this.lagMs });
  }

  /** The sha a lagging replica still answers for the ref, or null when reads are current. */
  staleRef(repoId: number, ref: string): string | null {
    const stale = this.staleRefs.get(`${repoId} ${ref}`);
    return stale && stale.until > Date.now() ? stale.sha : null;
  }

  reset(): void {
    this.log = [];
    this.latencyRules = [];
    this.faults = [];
    this.buckets.clear();
    this.limitOverride = null;
    this.recursiveTreeLimit = DEFAULT_TREE_LIMIT;
    this.lagMs = 0;
    this.staleRefs.clear();
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
