/**
 * Concurrent identical reads share one query. Every stream of a branch wakes on the same notification
 * and asks for the same rows (same branch, same position), so without this a thousand subscribers
 * would cost a thousand identical queries per event (bench/realtime.ts: seconds of queueing on the pool).
 * Only reads in flight are shared; nothing is cached after they settle. Results are shared
 * objects: callers must not mutate them.
 */
export function sharedRead<Args extends unknown[], Result>(
  keyOf: (...args: Args) => string,
  read: (...args: Args) => Promise<Result>,
): (...args: Args) => Promise<Result> {
  const inFlight = new Map<string, Promise<Result>>();
  return (...args) => {
    const key = keyOf(...args);
    const pending = inFlight.get(key);
    if (pending) return pending;
    const started = read(...args).finally(() => inFlight.delete(key));
    inFlight.set(key, started);
    return started;
  };
}
