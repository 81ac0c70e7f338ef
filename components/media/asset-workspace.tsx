'use client';

import { useMemo, useState } from 'react';
import { type AssetFile, type AssetFilter, assetFolders, filterAssets } from '@/lib/media/assets';
import type { AssetPageProps } from '@/lib/media/listing';
import { type ListAction, useAssetListing } from './use-asset-listing';
import { useEditorSession } from './use-editor-session';

/**
 * What the Images and Sounds workspaces share around their own editor: the branch's files of the
 * kind (kept current), the search and folder filter over them, the status notice, and the file open
 * in the editor.
 */
export function useAssetWorkspace<F extends { targetPath: string }, C>(
  props: AssetPageProps,
  options: {
    list: ListAction;
    /** Whether a path is of the kind listed. */
    isAsset: (path: string) => boolean;
    /** The editor file for a file of the branch (`taken`: the paths that exist). */
    openAsset: (asset: AssetFile, taken: ReadonlySet<string>) => F;
  },
) {
  const { owner, repo, branch } = props;
  const { listing, error, refresh } = useAssetListing({ owner, repo, branch, initial: props.initialListing, initialError: props.listingError, list: options.list, isAsset: options.isAsset });
  const [filter, setFilter] = useState<AssetFilter>({ folder: null, query: '' });
  const [notice, setNotice] = useState<string | null>(null);
  const editor = useEditorSession<F, C>({ refresh, openAsset: options.openAsset, onGone: (path) => setNotice(`${path} is no longer on the branch.`) });

  const assets = useMemo(() => listing?.assets ?? [], [listing]);
  const folders = useMemo(() => assetFolders(assets), [assets]);
  const shown = useMemo(() => filterAssets(assets, filter), [assets, filter]);
  const paths = useMemo(() => new Set(assets.map((asset) => asset.path)), [assets]);

  return { canWrite: props.readOnlyReason === null, listing, error, refresh, filter, setFilter, notice, setNotice, editor, assets, folders, shown, paths };
}

/** The workspace's latest word (what was committed, added or refused), under its notes. */
export function AssetNotice({ label, notice }: { label: string; notice: string | null }) {
  if (!notice) return null;
  return (
    <p role="status" aria-label={label} className="border-b border-slate-200 dark:border-slate-700 px-4 py-1 text-sm text-slate-700 dark:text-slate-300">
      {notice}
    </p>
  );
}
