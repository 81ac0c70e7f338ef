'use client';

import { useState } from 'react';
import { AssetFilters } from '@/components/media/asset-filters';
import { useInteractive } from '@/components/media/use-interactive';
import { type AssetFile, type AssetFilter, blobUrl, formatBytes } from '@/lib/media/assets';
import { baseName, parentFolder } from '@/lib/github/paths';

/** The branch's images as thumbnails (loaded lazily, as they scroll into view), filtered by folder and search. */
export function ImageGallery({
  owner,
  repo,
  assets,
  total,
  folders,
  filter,
  onFilter,
  onOpen,
  canWrite,
  onAddFiles,
}: {
  owner: string;
  repo: string;
  /** The images that pass the filter. */
  assets: AssetFile[];
  /** How many images the branch has. */
  total: number;
  folders: string[];
  filter: AssetFilter;
  onFilter: (filter: AssetFilter) => void;
  onOpen: (asset: AssetFile) => void;
  canWrite: boolean;
  onAddFiles: (files: File[]) => void;
}) {
  const [dropping, setDropping] = useState(false);
  // Dropping and pasting work once the page runs in the browser; until then they are not offered.
  const interactive = useInteractive();
  const dropProps = canWrite
    ? {
        onDragOver: (event: React.DragEvent) => {
          if (!event.dataTransfer.types.includes('Files')) return;
          event.preventDefault();
          event.dataTransfer.dropEffect = 'copy';
          setDropping(true);
        },
        onDragLeave: (event: React.DragEvent) => {
          if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDropping(false);
        },
        onDrop: (event: React.DragEvent) => {
          event.preventDefault();
          setDropping(false);
          onAddFiles([...event.dataTransfer.files]);
        },
      }
    : {};

  return (
    <section aria-label="Image gallery" className={`flex min-h-0 flex-1 flex-col ${dropping ? 'bg-indigo-50 dark:bg-indigo-950 outline-2 -outline-offset-4 outline-indigo-400 outline-dashed' : ''}`} {...dropProps}>
      <div className="flex flex-wrap items-center gap-3 border-b border-slate-200 dark:border-slate-700 px-4 py-2">
        <div className="min-w-64 flex-1">
          <AssetFilters kind="images" folders={folders} filter={filter} onChange={onFilter} />
        </div>
        {canWrite ? (
          <>
            <label className="cursor-pointer rounded-md border border-slate-300 dark:border-slate-600 px-3 py-1 text-sm font-medium text-slate-800 dark:text-slate-200 hover:bg-slate-50 dark:hover:bg-slate-900 focus-within:ring-2 focus-within:ring-indigo-500">
              Upload images
              <input
                type="file"
                multiple
                accept="image/png,image/jpeg,image/gif,image/webp,image/svg+xml,.png,.jpg,.jpeg,.gif,.webp,.svg"
                className="sr-only"
                onChange={(event) => {
                  onAddFiles([...(event.target.files ?? [])]);
                  event.target.value = '';
                }}
              />
            </label>
            {interactive ? <p className="text-xs text-slate-500 dark:text-slate-400">…or drop images here, or paste one (Ctrl+V).</p> : null}
          </>
        ) : null}
      </div>
      <div className="min-h-0 flex-1 overflow-auto p-4">
        {total === 0 ? (
          <p className="py-10 text-center text-sm text-slate-600 dark:text-slate-400">This branch has no images yet{canWrite ? ': upload, drop or paste some.' : '.'}</p>
        ) : assets.length === 0 ? (
          <p className="py-10 text-center text-sm text-slate-600 dark:text-slate-400">No images match this search.</p>
        ) : (
          <ul aria-label="Images" className="grid grid-cols-[repeat(auto-fill,minmax(9rem,1fr))] gap-3">
            {assets.map((asset) => (
              <li key={asset.path}>
                <button
                  type="button"
                  onClick={() => onOpen(asset)}
                  title={asset.path}
                  className="flex w-full flex-col overflow-hidden rounded-lg border border-slate-200 dark:border-slate-700 text-left hover:border-indigo-400 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500"
                >
                  <span className="flex h-28 items-center justify-center bg-[conic-gradient(#e2e8f0_25%,#fff_0_50%,#e2e8f0_0_75%,#fff_0)] bg-[length:12px_12px] p-2">
                    {/* eslint-disable-next-line @next/next/no-img-element -- repository files are shown as they are, not optimized. */}
                    <img src={blobUrl(owner, repo, asset.sha, asset.path)} alt="" loading="lazy" className="h-full w-full object-contain [image-rendering:pixelated]" />
                  </span>
                  <span className="truncate px-2 pt-1 font-mono text-xs text-slate-900 dark:text-slate-100">{baseName(asset.path)}</span>
                  <span className="truncate px-2 pb-1 text-[11px] text-slate-500 dark:text-slate-400">
                    {parentFolder(asset.path) || '(root)'} · {formatBytes(asset.size)}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}
