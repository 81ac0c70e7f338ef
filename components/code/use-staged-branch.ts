'use client';

import { useCallback, useMemo, useRef, useState } from 'react';
import { type FileContent, loadTree, readFile } from '@/app/github/[owner]/[repo]/[branch]/code/actions';
import { emptyStaging, workingFiles, workingFolders } from '@/lib/code/staging';
import type { RepoTree } from '@/lib/github/tree';
import { useStagedChanges } from './use-staged-changes';

/** A blob's content once loaded, or why it could not be. */
export type BlobEntry = FileContent | { kind: 'error'; message: string };

/** What the pages of the editors that stage changes (Code, Scenes) hand them. */
export interface StagedBranchProps {
  owner: string;
  repo: string;
  branch: string;
  userId: string;
  /** Why the user cannot change this branch, or null when they can. */
  readOnlyReason: string | null;
  initialTree: RepoTree | null;
  treeError: string | null;
}

/**
 * The branch as the editors that stage changes (Code, Scenes) show it: its tree, this user's staged
 * changes over it (kept in the browser), and the working files and folders they make. `refreshTree`
 * reads the tree again (at `sha`, or the branch head) and tells `onReloadFailed` when it cannot.
 */
export function useStagedBranch(props: StagedBranchProps, onReloadFailed: (notice: string) => void) {
  const { owner, repo, branch, userId } = props;
  const [tree, setTree] = useState<RepoTree | null>(props.initialTree);
  const [treeError, setTreeError] = useState<string | null>(props.treeError);
  const stagingKey = useMemo(() => [userId, owner, repo, branch] as [string, string, string, string], [userId, owner, repo, branch]);
  const { staged, setStaged, status: persistStatus } = useStagedChanges(stagingKey, props.initialTree?.commitSha ?? '');
  const staging = useMemo(() => staged ?? emptyStaging(tree?.commitSha ?? ''), [staged, tree]);
  const files = useMemo(() => workingFiles(tree?.entries ?? [], staging), [tree, staging]);
  const folders = useMemo(() => workingFolders(files, staging), [files, staging]);

  const refreshTree = async (sha?: string): Promise<RepoTree | null> => {
    const result = await loadTree({ owner, repo, branch, ...(sha ? { sha } : {}) }).catch(() => null);
    if (!result?.ok) {
      const message = result?.error.message ?? 'The server could not be reached.';
      setTreeError(message);
      onReloadFailed(`Could not reload the files: ${message}`);
      return null;
    }
    setTree(result.data);
    setTreeError(null);
    return result.data;
  };

  return { tree, treeError, refreshTree, staged, setStaged, persistStatus, staging, files, folders };
}

/**
 * Reads blobs of the repository, each once: a read in flight or done is shared, a failed one is
 * tried again at the next call. `onLoaded` hears of each read when it completes.
 */
export function useBlobReader(owner: string, repo: string, onLoaded?: (sha: string, entry: BlobEntry) => void) {
  const requested = useRef(new Map<string, Promise<BlobEntry>>());
  return useCallback(
    (sha: string): Promise<BlobEntry> => {
      const known = requested.current.get(sha);
      if (known) return known;
      const loading = readFile({ owner, repo, sha }).then(
        (result): BlobEntry => (result.ok ? result.data : { kind: 'error', message: result.error.message }),
        (): BlobEntry => ({ kind: 'error', message: 'The server could not be reached.' }),
      );
      requested.current.set(sha, loading);
      void loading.then((entry) => {
        if (entry.kind === 'error') requested.current.delete(sha);
        onLoaded?.(sha, entry);
      });
      return loading;
    },
    [owner, repo, onLoaded],
  );
}
