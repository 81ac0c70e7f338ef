'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { emptyStaging, type StagedState } from '@/lib/code/staging';
import { loadStaged, saveStaged, type StagingKey } from '@/lib/code/staging-store';

export type PersistStatus = { state: 'loading' | 'saving' | 'saved' } | { state: 'failed'; message: string };

/**
 * The staged changes of one user on one branch, loaded from this browser's storage and written
 * back after every change (in order), so a reload or a crash loses nothing. `status` says when the
 * latest change is safely stored.
 */
export function useStagedChanges(key: StagingKey, headSha: string) {
  const [userId, owner, repo, branch] = key;
  const [loaded, setLoaded] = useState<{ state: StagedState; version: number } | null>(null);
  const [saved, setSaved] = useState<{ version: number; error?: string }>({ version: 0 });
  const writes = useRef<Promise<void>>(Promise.resolve());

  useEffect(() => {
    let cancelled = false;
    loadStaged([userId, owner, repo, branch])
      .catch(() => null)
      .then((stored) => {
        if (!cancelled) setLoaded({ state: stored ?? emptyStaging(headSha), version: 0 });
      });
    return () => {
      cancelled = true;
    };
    // Loaded once per branch; the head only seeds an empty staging area.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [userId, owner, repo, branch]);

  useEffect(() => {
    if (!loaded || loaded.version === 0) return;
    const { state, version } = loaded;
    writes.current = writes.current
      .then(() => saveStaged([userId, owner, repo, branch], state))
      .then(
        () => setSaved({ version }),
        (error: unknown) => setSaved({ version, error: error instanceof Error ? error.message : 'storage is unavailable' }),
      );
  }, [loaded, userId, owner, repo, branch]);

  const setStaged = useCallback((update: (previous: StagedState) => StagedState) => {
    setLoaded((previous) => {
      if (!previous) return previous;
      const next = update(previous.state);
      return next === previous.state ? previous : { state: next, version: previous.version + 1 };
    });
  }, []);

  const status: PersistStatus = !loaded
    ? { state: 'loading' }
    : saved.error
      ? { state: 'failed', message: saved.error }
      : saved.version < loaded.version
        ? { state: 'saving' }
        : { state: 'saved' };

  return { staged: loaded?.state ?? null, setStaged, status };
}
