import { z } from 'zod';
import type { StagedState } from './staging';

/**
 * Staged changes live in the browser's IndexedDB (room for large files, unlike localStorage), one
 * record per user and branch, until they are committed or discarded.
 */
const DATABASE = 'webedt-code';
const STORE = 'staged';

export type StagingKey = [userId: string, owner: string, repo: string, branch: string];

const stagedChange = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('create'), content: z.string() }),
  z.object({ kind: z.literal('edit'), content: z.string(), baseSha: z.string() }),
  z.object({ kind: z.literal('delete'), baseSha: z.string() }),
  z.object({ kind: z.literal('rename'), from: z.string(), fromSha: z.string(), content: z.string().optional() }),
]);

const stagedState = z.object({
  baseSha: z.string(),
  changes: z.record(z.string(), stagedChange),
  folders: z.array(z.string()),
});

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DATABASE, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function run<T>(mode: IDBTransactionMode, action: (store: IDBObjectStore) => IDBRequest): Promise<T> {
  const database = await open();
  try {
    return await new Promise<T>((resolve, reject) => {
      const transaction = database.transaction(STORE, mode);
      const request = action(transaction.objectStore(STORE));
      // Resolve once the transaction is durable, not when the request succeeds.
      transaction.oncomplete = () => resolve(request.result as T);
      transaction.onerror = () => reject(transaction.error);
      transaction.onabort = () => reject(transaction.error);
    });
  } finally {
    database.close();
  }
}

/** The staged changes saved for this branch; anything unreadable counts as none. */
export async function loadStaged(key: StagingKey): Promise<StagedState | null> {
  const stored = await run<unknown>('readonly', (store) => store.get(key));
  const parsed = stagedState.safeParse(stored);
  return parsed.success ? parsed.data : null;
}

const savedListeners = new Set<(key: StagingKey, state: StagedState) => void>();

/** Hears of every save in this tab (the status bar counts staged changes while an editor stages them). */
export function onStagedSaved(listener: (key: StagingKey, state: StagedState) => void): () => void {
  savedListeners.add(listener);
  return () => savedListeners.delete(listener);
}

export async function saveStaged(key: StagingKey, state: StagedState): Promise<void> {
  const empty = Object.keys(state.changes).length === 0 && state.folders.length === 0;
  await run<unknown>('readwrite', (store) => (empty ? store.delete(key) : store.put(state, key)));
  for (const listener of savedListeners) listener(key, state);
}
