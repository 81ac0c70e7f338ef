import Bottleneck from 'bottleneck/light.js';
import { performance } from 'node:perf_hooks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { yieldBottleneckWithoutTimers } from '@/lib/github/octokit';

type Store = { yieldLoop(t?: number): Promise<void> };
const storeOf = (limiter: Bottleneck) => (limiter as unknown as { _store: Store })._store;

afterEach(() => {
  vi.restoreAllMocks();
});

describe("Bottleneck's in-memory store, as lib/github/octokit leaves it", () => {
  it('yields with setImmediate instead of a timer, and keeps timers for real waits', async () => {
    const store = storeOf(new Bottleneck());
    const immediate = vi.spyOn(globalThis, 'setImmediate');
    const timeout = vi.spyOn(globalThis, 'setTimeout');
    await store.yieldLoop();
    expect(immediate).toHaveBeenCalledTimes(1);
    expect(timeout).not.toHaveBeenCalled();
    await store.yieldLoop(2);
    expect(timeout).toHaveBeenCalledWith(expect.any(Function), 2);
  });

  it('is patched once, however often the module asks', () => {
    const before = storeOf(new Bottleneck()).yieldLoop;
    yieldBottleneckWithoutTimers();
    expect(storeOf(new Bottleneck()).yieldLoop).toBe(before);
  });

  it('still runs jobs one at a time, in order, spaced by minTime', async () => {
    const group = new Bottleneck.Group({ maxConcurrent: 1, minTime: 40 });
    const started: Array<[number, number]> = [];
    const scheduledAt = performance.now();
    await Promise.all([0, 1, 2].map((n) => group.key('writes').schedule(async () => started.push([n, performance.now()]))));
    expect(started.map(([n]) => n)).toEqual([0, 1, 2]);
    // Bottleneck spaces the times it schedules jobs for (job n no earlier than n × minTime after the first could
    // start; its clock is Date.now(), hence the millisecond of slack); a job never runs before its time.
    for (const [n, at] of started) expect(at - scheduledAt).toBeGreaterThanOrEqual(n * 40 - 2);
  });
});
