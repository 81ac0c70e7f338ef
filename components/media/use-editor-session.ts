'use client';

import { useCallback, useRef, useState } from 'react';
import type { AssetCommitRequest, Committed } from './asset-commit';
import type { AssetFile } from '@/lib/media/assets';
import type { AssetListing } from '@/lib/media/listing';

/** An open editor: `key` changes only when a file is (re)loaded or created, not when our own commit updates its blob. */
export interface EditorSession<F, C> {
  key: number;
  file: F;
  /** The branch head the content was opened at: commits are made against it. */
  baseHeadSha: string;
  /** The content last committed from this editor. */
  committed: C | null;
}

/**
 * The file open in an image or sound editor, shared by both workspaces: opening one (a new key
 * remounts the editor), reopening it as it now is on the branch, and taking a commit of the
 * editor's content as the new saved state.
 */
export function useEditorSession<F extends { targetPath: string }, C>({
  refresh,
  openAsset,
  onGone,
}: {
  refresh: (sha?: string) => Promise<AssetListing | null>;
  /** The editor file for a file of the branch (`taken`: the paths that exist). */
  openAsset: (asset: AssetFile, taken: ReadonlySet<string>) => F;
  onGone: (path: string) => void;
}) {
  const [session, setSession] = useState<EditorSession<F, C> | null>(null);
  const nextKey = useRef(0);
  /** The content of the editor commit in flight. */
  const committing = useRef<C | null>(null);

  const begin = useCallback((file: F, headSha: string) => {
    nextKey.current += 1;
    setSession({ key: nextKey.current, file, baseHeadSha: headSha, committed: null });
  }, []);

  const open = useCallback(
    (asset: AssetFile, listing: AssetListing) => begin(openAsset(asset, new Set(listing.assets.map((entry) => entry.path))), listing.commitSha),
    [begin, openAsset],
  );

  /** Reopens `path` as it is now on the branch (dropping unsaved edits). */
  const reload = async (path: string) => {
    const latest = await refresh();
    if (!latest) return;
    const asset = latest.assets.find((entry) => entry.path === path);
    if (asset) open(asset, latest);
    else {
      setSession(null);
      onGone(path);
    }
  };

  /**
   * After a commit: when it wrote the editor's target, the committed content is the saved state,
   * the commit is the new base, and `savedFile` (given the file's new blob) what the editor shows.
   */
  const afterCommit = (result: Committed, targetPath: string | null, latest: AssetListing | null, savedFile: (asset: AssetFile) => F) => {
    const content = committing.current;
    committing.current = null;
    if (!session || !content || targetPath === null) return false;
    const asset = latest?.assets.find((entry) => entry.path === targetPath);
    setSession({ ...session, baseHeadSha: result.sha, committed: content, file: asset ? savedFile(asset) : session.file });
    return true;
  };

  return {
    session,
    begin,
    open,
    reload,
    close: () => setSession(null),
    update: (file: F) => setSession((current) => current && { ...current, file }),
    /**
     * The commit of the open editor's content (`bytes`) to its target, an edit when that file exists
     * (`taken`), made against the head the file was opened at; remembers the content as in flight.
     */
    commitRequest: (open: EditorSession<F, C>, content: C, bytes: Uint8Array, taken: ReadonlySet<string>): AssetCommitRequest => {
      committing.current = content;
      const path = open.file.targetPath;
      return { expectedHeadSha: open.baseHeadSha, files: [{ path, content: bytes, kind: taken.has(path) ? 'edit' : 'create' }] };
    },
    afterCommit,
  };
}

export function commitSummary(result: Committed, what: string): string {
  return `Committed ${result.sha.slice(0, 7)}: ${what}${result.rebased ? ', on top of newer commits on the branch' : ''}.`;
}
