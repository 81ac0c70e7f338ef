import type { WorkspaceEventView } from '@/lib/workspace/collab-protocol';

const bySequence = (a: WorkspaceEventView, b: WorkspaceEventView) => {
  const x = BigInt(a.id);
  const y = BigInt(b.id);
  return x < y ? -1 : x > y ? 1 : 0;
};

/**
 * Merges events from the stream and from polls, which overlap: ordered by sequence, each once,
 * the newest `keep`. `added` are the ones not seen before, in order.
 */
export function mergeEvents(
  current: readonly WorkspaceEventView[],
  incoming: readonly WorkspaceEventView[],
  keep = 100,
): { events: WorkspaceEventView[]; added: WorkspaceEventView[] } {
  const known = new Set(current.map((event) => event.id));
  // Once the list is full, anything older than its first event was seen and trimmed already.
  const floor = current.length >= keep && current[0] ? BigInt(current[0].id) : -1n;
  const added: WorkspaceEventView[] = [];
  for (const event of incoming) {
    if (known.has(event.id) || BigInt(event.id) <= floor) continue;
    known.add(event.id);
    added.push(event);
  }
  if (added.length === 0) return { events: current as WorkspaceEventView[], added };
  added.sort(bySequence);
  return { events: [...current, ...added].sort(bySequence).slice(-keep), added };
}

/** The larger of two sequences (either may be null). */
export function laterId(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return BigInt(a) >= BigInt(b) ? a : b;
}
