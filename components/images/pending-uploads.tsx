'use client';

import { X } from 'lucide-react';
import { formatBytes } from '@/lib/media/assets';
import type { ImageFormat } from '@/lib/images/formats';
import { FormError } from '@/components/form-error';

export interface PendingImage {
  id: string;
  name: string;
  format: ImageFormat;
  bytes: Uint8Array;
  /** An object URL of the bytes, for the preview. */
  previewUrl: string;
}

/** Images added here wait for a folder, their names and a commit. */
export function PendingUploads({
  items,
  problems,
  folder,
  folders,
  folderProblem,
  onFolder,
  onRename,
  onRemove,
  onCommit,
  committing,
}: {
  items: PendingImage[];
  /** Why each item (by id) cannot be committed as named. */
  problems: Record<string, string | null>;
  folder: string;
  folders: string[];
  folderProblem: string | null;
  onFolder: (folder: string) => void;
  onRename: (id: string, name: string) => void;
  onRemove: (id: string) => void;
  onCommit: () => void;
  committing: boolean;
}) {
  const blocked = folderProblem !== null || items.some((item) => problems[item.id]);
  return (
    <section aria-labelledby="pending-uploads-heading" className="border-b border-slate-200 dark:border-slate-700 bg-indigo-50/50 dark:bg-indigo-950/50 px-4 py-3">
      <div className="flex flex-wrap items-end gap-3">
        <h2 id="pending-uploads-heading" className="text-sm font-semibold">
          {items.length} {items.length === 1 ? 'image' : 'images'} to add
        </h2>
        <label className="flex items-center gap-1 text-sm">
          Add to folder
          <input
            list="image-folders"
            value={folder}
            onChange={(event) => onFolder(event.target.value)}
            placeholder="(repository root)"
            aria-invalid={folderProblem !== null}
            className="w-64 rounded-md border border-slate-300 dark:border-slate-600 bg-white dark:bg-slate-950 px-2 py-1 font-mono text-xs"
          />
          <datalist id="image-folders">
            {folders.map((name) => (
              <option key={name} value={name} />
            ))}
          </datalist>
        </label>
        <button
          type="button"
          onClick={onCommit}
          disabled={blocked || committing}
          className="ml-auto rounded-md bg-indigo-600 px-3 py-1 text-xs font-medium text-white hover:bg-indigo-700 disabled:opacity-40"
        >
          Commit {items.length} {items.length === 1 ? 'image' : 'images'}…
        </button>
      </div>
      {folderProblem ? (
        <FormError look="inline" className="mt-1 text-xs">
          Folder: {folderProblem}
        </FormError>
      ) : null}
      <ul aria-label="Images to add" className="mt-2 flex flex-wrap gap-3">
        {items.map((item, index) => (
          <li key={item.id} className="flex w-64 gap-2 rounded-md border border-slate-200 dark:border-slate-700 bg-white dark:bg-slate-950 p-2">
            {/* eslint-disable-next-line @next/next/no-img-element -- a local preview of the file's bytes. */}
            <img src={item.previewUrl} alt="" className="h-14 w-14 shrink-0 bg-[conic-gradient(#e2e8f0_25%,#fff_0_50%,#e2e8f0_0_75%,#fff_0)] bg-[length:8px_8px] object-contain [image-rendering:pixelated]" />
            <div className="min-w-0 flex-1 space-y-1">
              <input
                aria-label={`Name of image ${index + 1}`}
                value={item.name}
                onChange={(event) => onRename(item.id, event.target.value)}
                aria-invalid={Boolean(problems[item.id])}
                className="w-full rounded border border-slate-300 dark:border-slate-600 px-1 py-0.5 font-mono text-xs"
              />
              <p className="text-[11px] text-slate-500 dark:text-slate-400">
                {item.format.toUpperCase()} · {formatBytes(item.bytes.length)}
              </p>
              {problems[item.id] ? <p className="text-[11px] text-red-700 dark:text-red-300">{problems[item.id]}</p> : null}
            </div>
            <button type="button" aria-label={`Remove ${item.name}`} onClick={() => onRemove(item.id)} className="self-start px-1 text-slate-500 dark:text-slate-400 hover:text-slate-900 dark:hover:text-slate-100">
              <X aria-hidden className="h-3.5 w-3.5" />
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
