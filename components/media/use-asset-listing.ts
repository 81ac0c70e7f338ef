'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { useCollab } from '@/components/workspace/collab/collab-provider';
import type { ActionResult } from '@/lib/auth/guard';
import { changedPaths } from '@/lib/workspace/activity';
import type { AssetListing } from '@/lib/media/listing';

export type ListAction = (input: { owner: string; repo: string; branch: string; sha?: string }) => Promise<ActionResult<AssetListing>>;

/**
 * The branch's images or sounds, kept current: reloaded after our own commits (at the commit we
 * made) and when someone else's change to a file of this kind arrives through the live event log.
 */
export function useAssetListing(options: {
  owner: string;
  repo: string;
  branch: string;
  initial: AssetListing | null;
  initialError: string | null;
  list: ListAction;
  /** Whether a changed path is of the listed kind. */
  isAsset: (path: string) => boolean;
}) {
  const { owner, repo, branch, list, isAsset } = options;
  const [listing, setListing] = useState(options.initial);
  const [error, setError] = useState(options.initialError);
  const [loading, setLoading] = useState(false);
  const latest = useRef(0);

  const refresh = useCallback(
    async (sha?: string): Promise<AssetListing | null> => {
      const request = ++latest.current;
      setLoading(true);
      const result = await list({ owner, repo, branch, ...(sha ? { sha } : {}) }).catch(() => null);
      if (request !== latest.current) return null;
      setLoading(false);
      if (!result?.ok) {
        setError(result?.error.message ?? 'The server could not be reached.');
        return null;
      }
      setListing(result.data);
      setError(null);
      return result.data;
    },
    [list, owner, repo, branch],
  );

  const { connection, selfId } = useCollab();
  useEffect(
    () =>
      connection.onEvent((event) => {
        if (event.user.id !== selfId && changedPaths(event).some(isAsset)) void refresh();
      }),
    [connection, selfId, isAsset, refresh],
  );

  return { listing, error, loading, refresh };
}
