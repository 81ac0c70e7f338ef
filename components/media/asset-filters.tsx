'use client';

import type { AssetFilter } from '@/lib/media/assets';
import { SearchBox } from '@/components/search-box';

/** Search and folder filter above a gallery of images or a list of sounds. */
export function AssetFilters({
  kind,
  folders,
  filter,
  onChange,
}: {
  /** "images" or "sounds", for the labels. */
  kind: string;
  folders: readonly string[];
  filter: AssetFilter;
  onChange: (filter: AssetFilter) => void;
}) {
  return (
    <div className="flex flex-wrap items-center gap-2">
      <SearchBox label={`Search ${kind}`} value={filter.query} onValue={(query) => onChange({ ...filter, query })} className="min-w-0 flex-1 px-2 py-1 text-sm" />
      <label className="flex items-center gap-1 text-sm text-slate-700 dark:text-slate-300">
        Folder
        <select
          value={filter.folder ?? '*'}
          onChange={(event) => onChange({ ...filter, folder: event.target.value === '*' ? null : event.target.value })}
          className="max-w-48 rounded-md border border-slate-300 dark:border-slate-600 px-1 py-1 text-sm"
        >
          <option value="*">All folders</option>
          {folders.map((folder) => (
            <option key={folder} value={folder}>
              {folder || '(repository root)'}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
