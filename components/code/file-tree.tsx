'use client';

import { ChevronDown, ChevronRight } from 'lucide-react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { type FormEvent, type KeyboardEvent, useMemo, useRef, useState } from 'react';
import { fileIcon } from '@/lib/code/file-kinds';
import { indexFolders, searchFiles, visibleRows, type TreeRow } from '@/lib/code/file-tree';
import type { FileStatus, WorkingFile } from '@/lib/code/staging';
import { baseName, parentFolder } from '@/lib/github/paths';
import { FormError } from '@/components/form-error';
import { SearchBox } from '@/components/search-box';

const ROW_HEIGHT = 26;

const statusBadge: Record<FileStatus, { letter: string; className: string }> = {
  modified: { letter: 'M', className: 'text-amber-700 dark:text-amber-300' },
  added: { letter: 'A', className: 'text-emerald-700 dark:text-emerald-300' },
  renamed: { letter: 'R', className: 'text-sky-700 dark:text-sky-300' },
};

type Naming = { mode: 'file' | 'folder' | 'rename'; value: string; target?: string };

const namingLabels: Record<Naming['mode'], { label: string; action: string }> = {
  file: { label: 'New file path', action: 'Create file' },
  folder: { label: 'New folder path', action: 'Create folder' },
  rename: { label: 'Rename to', action: 'Rename' },
};

export interface FileTreeProps {
  files: ReadonlyMap<string, WorkingFile>;
  folders: ReadonlySet<string>;
  expanded: ReadonlySet<string>;
  selected: string | null;
  canWrite: boolean;
  onSelect: (path: string) => void;
  onToggle: (folder: string) => void;
  onOpen: (path: string) => void;
  /** Each returns a problem to show, or null when done. */
  onCreate: (kind: 'file' | 'folder', path: string) => string | null;
  onRename: (from: string, to: string) => string | null;
  onDelete: (path: string) => void;
}

/**
 * Row decorations draw their letters as CSS content, not text: a row is named by its aria-label (name and status),
 * and text inside it would count as visible words that name does not contain (axe: label-content-name-mismatch).
 */
const decoration = 'before:content-[attr(data-letters)]';

function FileIconBadge({ path }: { path: string }) {
  const icon = fileIcon(path);
  return (
    <span
      aria-hidden
      data-letters={icon.label}
      className={`inline-flex h-4 min-w-6 shrink-0 items-center justify-center rounded px-0.5 text-[9px] leading-none font-bold ${decoration} ${icon.className}`}
    />
  );
}

function rowLabel(row: { name: string; kind: 'folder' | 'file' }, status: FileStatus | null | undefined): string {
  return status ? `${row.name}, ${status}` : row.name;
}

const rowId = (path: string) => `tree-row-${encodeURIComponent(path)}`;

/** The branch's files as a virtualized tree (fast on tens of thousands of files), with search and file operations. */
export function FileTree(props: FileTreeProps) {
  const { files, folders, expanded, selected, canWrite, onSelect, onToggle, onOpen } = props;
  const [query, setQuery] = useState('');
  const [naming, setNaming] = useState<Naming | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const scrollRef = useRef<HTMLDivElement>(null);

  const index = useMemo(() => indexFolders(files.keys(), folders), [files, folders]);
  const rows = useMemo(() => visibleRows(index, expanded), [index, expanded]);
  const results = useMemo(() => (query.trim() ? searchFiles(files.keys(), query) : null), [files, query]);

  const count = results ? results.length : rows.length;
  // The React Compiler is not enabled here, so nothing memoizes the virtualizer's functions stale.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({ count, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 20 });

  const selectedIndex = results ? results.indexOf(selected ?? '') : rows.findIndex((row) => row.path === selected);
  const isFolder = (path: string) => folders.has(path);

  const activate = (row: TreeRow) => {
    onSelect(row.path);
    if (row.kind === 'folder') onToggle(row.path);
    else onOpen(row.path);
  };

  const moveTo = (position: number) => {
    const list = results ?? rows.map((row) => row.path);
    const next = list[Math.max(0, Math.min(list.length - 1, position))];
    if (next === undefined) return;
    onSelect(next);
    virtualizer.scrollToIndex(list.indexOf(next), { align: 'auto' });
  };

  const startNaming = (mode: Naming['mode']) => {
    setProblem(null);
    if (mode === 'rename') {
      // The name only: what is typed stays in the folder unless it is a path (see renameTarget).
      if (selected) setNaming({ mode, value: baseName(selected), target: selected });
      return;
    }
    const folder = selected ? (isFolder(selected) ? selected : parentFolder(selected)) : '';
    setNaming({ mode, value: folder ? `${folder}/` : '' });
  };

  const submitNaming = (event: FormEvent) => {
    event.preventDefault();
    if (!naming) return;
    const value = naming.value.trim();
    const error = naming.mode === 'rename' ? props.onRename(naming.target!, value) : props.onCreate(naming.mode, value);
    setProblem(error);
    if (!error) setNaming(null);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const row = results ? undefined : rows[selectedIndex];
    const keys: Record<string, () => void> = {
      ArrowDown: () => moveTo(selectedIndex + 1),
      ArrowUp: () => moveTo(selectedIndex - 1),
      Home: () => moveTo(0),
      End: () => moveTo(count - 1),
      ArrowRight: () => {
        if (row?.kind === 'folder' && !row.expanded) onToggle(row.path);
        else if (row?.kind === 'folder') moveTo(selectedIndex + 1);
      },
      ArrowLeft: () => {
        if (row?.kind === 'folder' && row.expanded) onToggle(row.path);
        else if (row) {
          const parent = parentFolder(row.path);
          if (parent) moveTo(rows.findIndex((candidate) => candidate.path === parent));
        }
      },
      Enter: () => {
        if (row) activate(row);
        else if (results && selected) onOpen(selected);
      },
      F2: () => canWrite && startNaming('rename'),
      Delete: () => canWrite && selected && props.onDelete(selected),
    };
    const handler = keys[event.key];
    if (!handler) return;
    event.preventDefault();
    handler();
  };

  const toolbarButton = 'rounded px-2 py-1 text-xs font-medium text-slate-700 dark:text-slate-300 hover:bg-slate-200 dark:hover:bg-slate-700 disabled:opacity-40';

  return (
    <div className="flex h-full min-h-0 flex-col">
      {canWrite ? (
        <div role="toolbar" aria-label="File actions" className="flex flex-wrap gap-1 border-b border-slate-200 dark:border-slate-700 px-2 py-1">
          <button type="button" className={toolbarButton} onClick={() => startNaming('file')}>
            New file
          </button>
          <button type="button" className={toolbarButton} onClick={() => startNaming('folder')}>
            New folder
          </button>
          <button type="button" className={toolbarButton} disabled={!selected} onClick={() => startNaming('rename')}>
            Rename
          </button>
          <button type="button" className={toolbarButton} disabled={!selected} onClick={() => selected && props.onDelete(selected)}>
            Delete
          </button>
        </div>
      ) : null}
      {naming ? (
        <form onSubmit={submitNaming} className="space-y-1 border-b border-slate-200 dark:border-slate-700 p-2">
          <label className="block text-xs font-medium text-slate-700 dark:text-slate-300">
            {namingLabels[naming.mode].label}
            <input
              autoFocus
              value={naming.value}
              onChange={(event) => setNaming({ ...naming, value: event.target.value })}
              onKeyDown={(event) => event.key === 'Escape' && setNaming(null)}
              className="mt-1 block w-full rounded border border-slate-300 dark:border-slate-600 px-2 py-1 font-mono text-xs font-normal focus:border-indigo-500 focus:outline-none"
            />
          </label>
          {naming.mode === 'rename' ? (
            <p className="text-xs text-slate-600 dark:text-slate-400">
              {parentFolder(naming.target!) ? `Stays in ${parentFolder(naming.target!)}/` : 'Stays at the repository root'}; type a path with “/” to move it
              (“/name” for the root).
            </p>
          ) : null}
          <FormError look="inline" className="text-xs">{problem}</FormError>
          <div className="flex gap-1">
            <button type="submit" className="rounded bg-indigo-600 px-2 py-1 text-xs font-medium text-white hover:bg-indigo-700">
              {namingLabels[naming.mode].action}
            </button>
            <button type="button" onClick={() => setNaming(null)} className={toolbarButton}>
              Cancel
            </button>
          </div>
        </form>
      ) : null}
      <div className="p-2">
        <SearchBox
          label="Search files"
          placeholder="Search files by name…"
          value={query}
          onValue={setQuery}
          onKeyDown={(event) => event.key === 'Escape' && setQuery('')}
          className="w-full px-2 py-1 text-sm"
        />
      </div>
      {results && results.length === 0 ? <p className="px-3 text-sm text-slate-600 dark:text-slate-400">No file matches “{query}”.</p> : null}
      {!results && rows.length === 0 ? <p className="px-3 text-sm text-slate-600 dark:text-slate-400">This branch has no files yet.</p> : null}
      <div
        ref={scrollRef}
        role={results ? 'listbox' : 'tree'}
        aria-label={results ? 'Matching files' : 'Files'}
        tabIndex={0}
        aria-activedescendant={selected && selectedIndex >= 0 ? rowId(selected) : undefined}
        onKeyDown={onKeyDown}
        className="min-h-0 flex-1 overflow-auto focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-inset"
      >
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            if (results) {
              const path = results[item.index]!;
              const status = files.get(path)?.status;
              return (
                <div
                  key={path}
                  id={rowId(path)}
                  role="option"
                  aria-selected={path === selected}
                  aria-label={status ? `${path}, ${status}` : path}
                  onClick={() => {
                    onSelect(path);
                    onOpen(path);
                  }}
                  className={`absolute left-0 flex w-full cursor-pointer items-center gap-1.5 px-2 text-sm ${path === selected ? 'bg-indigo-100 dark:bg-indigo-900' : 'hover:bg-slate-100 dark:hover:bg-slate-800'}`}
                  style={{ height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
                >
                  <FileIconBadge path={path} />
                  <span className="truncate font-mono text-xs">{path}</span>
                </div>
              );
            }
            const row = rows[item.index]!;
            const status = row.kind === 'file' ? files.get(row.path)?.status : null;
            const badge = status ? statusBadge[status] : null;
            return (
              <div
                key={row.path}
                id={rowId(row.path)}
                role="treeitem"
                aria-level={row.depth + 1}
                aria-posinset={row.position}
                aria-setsize={row.siblings}
                aria-expanded={row.kind === 'folder' ? row.expanded : undefined}
                aria-selected={row.path === selected}
                aria-label={rowLabel(row, status)}
                title={row.path}
                onClick={() => activate(row)}
                className={`absolute left-0 flex w-full cursor-pointer items-center gap-1.5 pr-2 text-sm ${row.path === selected ? 'bg-indigo-100 dark:bg-indigo-900' : 'hover:bg-slate-100 dark:hover:bg-slate-800'}`}
                style={{ height: ROW_HEIGHT, transform: `translateY(${item.start}px)`, paddingLeft: 8 + row.depth * 14 }}
              >
                {row.kind === 'folder' ? (
                  <span aria-hidden className="flex w-6 shrink-0 justify-center text-slate-500 dark:text-slate-400">
                    {row.expanded ? <ChevronDown className="h-3.5 w-3.5" /> : <ChevronRight className="h-3.5 w-3.5" />}
                  </span>
                ) : (
                  <FileIconBadge path={row.path} />
                )}
                <span className={`truncate ${badge ? badge.className : ''}`}>{row.name}</span>
                {badge ? (
                  <span aria-hidden data-letters={badge.letter} className={`ml-auto text-xs font-bold ${decoration} ${badge.className}`} />
                ) : null}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
