import { sql } from 'kysely';
import type { DB } from '@/lib/db/client';

/** Polls `condition` until it holds; fails with `message` after `timeoutMs`. */
export async function waitFor(condition: () => boolean, message: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for: ${message}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Resolves with the promise's value, or fails after `timeoutMs`. */
export function within<T>(promise: Promise<T>, message: string, timeoutMs = 5_000): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Timed out waiting for: ${message}`)), timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export interface Branch {
  owner: string;
  repo: string;
  branch: string;
}

export const branchKey = (b: Branch) => `${b.owner}/${b.repo}/${b.branch}`;

/** The columns these tests look at (`pg` returns int8 ids as strings). */
export interface EventRow {
  id: string;
  branch: string;
  payload: Record<string, unknown>;
}

const eventColumns = ['id', 'branch', 'payload'] as const;

/** Appends one workspace event; the table's trigger assigns the per-branch ordered id. */
export function appendEvent(db: DB, b: Branch, payload: Record<string, unknown> = {}): Promise<EventRow> {
  return db
    .insertInto('workspace_events')
    .values({ ...b, user_id: 'u1', event_type: 'test', payload: JSON.stringify(payload) })
    .returning(eventColumns)
    .executeTakeFirstOrThrow();
}

/** The read side of a branch's event log, as a workspace stream would do it. */
export function fetchBranchEvents(db: DB, b: Branch) {
  return (afterSeq: bigint, limit: number): Promise<EventRow[]> =>
    db
      .selectFrom('workspace_events')
      .select(eventColumns)
      .where('owner', '=', b.owner)
      .where('repo', '=', b.repo)
      .where('branch', '=', b.branch)
      .where(sql<boolean>`id > ${afterSeq.toString()}`)
      .orderBy('id')
      .limit(limit)
      .execute();
}

/** Sort comparator for int8 ids, which `pg` returns as strings. */
export const bySequence = (a: string, b: string) => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0);
