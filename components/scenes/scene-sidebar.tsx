'use client';

import { Circle } from 'lucide-react';
import { type FormEvent, useState } from 'react';
import { baseName, parentFolder, repoPathProblem } from '@/lib/github/paths';
import { isScenePath, SCENE_EXTENSION } from '@/lib/scenes/schema';
import { IMAGE_DRAG_TYPE } from './scene-canvas';
import { FormError } from '@/components/form-error';
import { SearchBox } from '@/components/search-box';

interface SceneSidebarProps {
  scenes: string[];
  images: Array<{ path: string; url: string | null }>;
  openPath: string | null;
  /** Staged paths, marked as changed. */
  changed: ReadonlySet<string>;
  canWrite: boolean;
  canAddSprites: boolean;
  onOpen: (path: string) => void;
  /** Creates a scene; returns why it cannot, or null. */
  onCreate: (path: string) => string | null;
  onAddImage: (path: string) => void;
}

function NewSceneForm({ onCreate, onClose }: { onCreate: (path: string) => string | null; onClose: () => void }) {
  const [path, setPath] = useState(`scenes/new${SCENE_EXTENSION}`);
  const [error, setError] = useState<string | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = path.trim();
    const problem = repoPathProblem(trimmed) ?? (isScenePath(trimmed) ? null : `A scene file's name ends in ${SCENE_EXTENSION}.`) ?? onCreate(trimmed);
    if (problem) setError(problem);
    else onClose();
  };
  return (
    <form onSubmit={submit} className="space-y-1 border-b border-slate-200 dark:border-slate-700 p-2">
      <label className="flex flex-col gap-0.5 text-[11px] font-medium text-slate-600 dark:text-slate-400">
        New scene path
        <input autoFocus value={path} onChange={(event) => setPath(event.target.value)} className="rounded border border-slate-300 dark:border-slate-600 px-1.5 py-0.5 font-mono text-xs" />
      </label>
      <FormError look="inline" className="text-xs">{error}</FormError>
      <div className="flex justify-end gap-1">
        <button type="button" onClick={onClose} className="rounded px-2 py-0.5 text-xs text-slate-700 dark:text-slate-300 hover:bg-slate-200 dark:hover:bg-slate-700">
          Cancel
        </button>
        <button type="submit" className="rounded bg-indigo-600 px-2 py-0.5 text-xs font-medium text-white hover:bg-indigo-700">
          Create scene
        </button>
      </div>
    </form>
  );
}

/** The branch's scene files (open one, create one) and its images (drag one onto the canvas to add a sprite). */
export function SceneSidebar(props: SceneSidebarProps) {
  const { scenes, images, openPath, changed, canWrite, canAddSprites } = props;
  const [creating, setCreating] = useState(false);
  const [filter, setFilter] = useState('');
  const shownImages = images.filter((image) => image.path.toLowerCase().includes(filter.trim().toLowerCase()));
  return (
    <aside aria-label="Scene files and images" className="flex w-60 shrink-0 flex-col border-r border-slate-200 dark:border-slate-700 bg-slate-50 dark:bg-slate-900">
      <section aria-label="Scenes" className="flex max-h-[45%] min-h-0 flex-col border-b border-slate-200 dark:border-slate-700">
        <div className="flex items-center justify-between px-3 py-1.5">
          <h2 className="text-xs font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-400">Scenes</h2>
          {canWrite ? (
            <button type="button" onClick={() => setCreating(true)} className="rounded px-1.5 py-0.5 text-xs font-medium text-indigo-700 dark:text-indigo-300 hover:bg-indigo-50 dark:hover:bg-indigo-950">
              New scene
            </button>
          ) : null}
        </div>
        {creating ? <NewSceneForm onCreate={props.onCreate} onClose={() => setCreating(false)} /> : null}
        {scenes.length === 0 ? <p className="px-3 pb-2 text-xs text-slate-500 dark:text-slate-400">No *{SCENE_EXTENSION} files on this branch yet.</p> : null}
        <ul aria-label="Scene files" className="min-h-0 overflow-auto pb-1">
          {scenes.map((path) => (
            <li key={path}>
              <button
                type="button"
                aria-current={path === openPath ? 'true' : undefined}
                onClick={() => props.onOpen(path)}
                title={path}
                className={`flex w-full items-baseline gap-1 px-3 py-1 text-left text-xs ${path === openPath ? 'bg-indigo-100 dark:bg-indigo-900 font-medium text-indigo-900 dark:text-indigo-100' : 'hover:bg-slate-100 dark:hover:bg-slate-800'}`}
              >
                <span className="truncate">{baseName(path)}</span>
                <span className="truncate text-[10px] text-slate-500 dark:text-slate-400">{parentFolder(path)}</span>
                {changed.has(path) ? (
                  <span className="ml-auto text-amber-600 dark:text-amber-400">
                    <Circle aria-hidden className="h-2 w-2 fill-current" />
                    <span className="sr-only">changed</span>
                  </span>
                ) : null}
              </button>
            </li>
          ))}
        </ul>
      </section>
      <section aria-label="Images" className="flex min-h-0 flex-1 flex-col">
        <div className="px-3 py-1.5">
          <h2 className="text-xs font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-400">Images</h2>
          <p className="text-[10px] text-slate-500 dark:text-slate-400">{canAddSprites ? 'Drag onto the canvas, or press Add, to place a sprite.' : 'Open a scene to place sprites.'}</p>
        </div>
        {images.length > 6 ? (
          <SearchBox label="Filter images" placeholder="Filter images" value={filter} onValue={setFilter} className="mx-2 mb-1 px-1.5 py-0.5 text-xs" />
        ) : null}
        {images.length === 0 ? <p className="px-3 text-xs text-slate-500 dark:text-slate-400">No images on this branch.</p> : null}
        <ul aria-label="Branch images" className="min-h-0 flex-1 overflow-auto pb-2">
          {shownImages.map((image) => (
            <li
              key={image.path}
              draggable={canAddSprites && image.url !== null}
              onDragStart={(event) => {
                event.dataTransfer.setData(IMAGE_DRAG_TYPE, image.path);
                event.dataTransfer.setData('text/plain', image.path);
                event.dataTransfer.effectAllowed = 'copy';
              }}
              className="flex cursor-grab items-center gap-2 px-3 py-1 text-xs hover:bg-slate-100 dark:hover:bg-slate-800"
              title={image.path}
            >
              <span className="flex h-8 w-8 shrink-0 items-center justify-center rounded border border-slate-200 dark:border-slate-700 bg-[repeating-conic-gradient(#e2e8f0_0%_25%,#fff_0%_50%)] bg-[length:8px_8px]">
                {image.url ? (
                  // eslint-disable-next-line @next/next/no-img-element -- a blob of the branch, not a static asset
                  <img src={image.url} alt="" className="max-h-7 max-w-7 [image-rendering:pixelated]" draggable={false} />
                ) : null}
              </span>
              <span className="min-w-0 flex-1 truncate">{image.path}</span>
              {canAddSprites && image.url ? (
                <button type="button" aria-label={`Add ${image.path} to the scene`} onClick={() => props.onAddImage(image.path)} className="rounded px-1 text-indigo-700 dark:text-indigo-300 hover:bg-indigo-50 dark:hover:bg-indigo-950">
                  Add
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      </section>
    </aside>
  );
}
