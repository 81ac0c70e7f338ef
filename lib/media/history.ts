/**
 * Undo/redo over immutable snapshots, for the image, sound and scene editors. Snapshots can be
 * large (a whole picture or clip), so the past is bounded by count and by an estimate of its
 * bytes; the oldest steps are forgotten first.
 */
export interface History<T> {
  readonly past: readonly T[];
  readonly present: T;
  readonly future: readonly T[];
}

export interface HistoryLimits<T> {
  maxSteps: number;
  maxBytes: number;
  sizeOf: (snapshot: T) => number;
}

export function createHistory<T>(present: T): History<T> {
  return { past: [], present, future: [] };
}

/** Records `next` as the new present; redo is no longer possible. */
export function record<T>(history: History<T>, next: T, limits: HistoryLimits<T>): History<T> {
  if (next === history.present) return history;
  const past = [...history.past, history.present];
  const sizes = past.map(limits.sizeOf);
  let bytes = sizes.reduce((total, size) => total + size, limits.sizeOf(next));
  let start = 0;
  while (start < past.length && (past.length - start > limits.maxSteps || bytes > limits.maxBytes)) {
    bytes -= sizes[start] ?? 0;
    start++;
  }
  return { past: past.slice(start), present: next, future: [] };
}

export function undo<T>(history: History<T>): History<T> {
  const previous = history.past.at(-1);
  if (previous === undefined) return history;
  return { past: history.past.slice(0, -1), present: previous, future: [history.present, ...history.future] };
}

export function redo<T>(history: History<T>): History<T> {
  const [next, ...rest] = history.future;
  if (next === undefined) return history;
  return { past: [...history.past, history.present], present: next, future: rest };
}

export const canUndo = (history: History<unknown>) => history.past.length > 0;
export const canRedo = (history: History<unknown>) => history.future.length > 0;
