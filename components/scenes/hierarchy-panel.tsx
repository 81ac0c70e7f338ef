'use client';

import { Eye, EyeOff, Group, Image, type LucideIcon, Shapes, Type } from 'lucide-react';
import { useState, type MouseEvent } from 'react';
import type { OrderMove } from '@/lib/scenes/operations';
import type { SceneObject } from '@/lib/scenes/schema';
import type { SelectMode } from './scene-canvas';
import { shortcuts } from '@/components/command-palette/shortcuts';

interface HierarchyPanelProps {
  objects: SceneObject[];
  selection: readonly string[];
  editable: boolean;
  onSelect: (ids: string[], mode: SelectMode) => void;
  onRename: (id: string, name: string) => void;
  onToggleVisible: (id: string) => void;
  onReorder: (id: string, move: OrderMove) => void;
  onGroup: () => void;
  onUngroup: () => void;
  onDelete: () => void;
}

const label = (object: SceneObject) => object.name || object.id;
const typeIcon: Record<SceneObject['type'], LucideIcon> = { sprite: Image, shape: Shapes, text: Type, group: Group };

function RenameInput({ object, onDone }: { object: SceneObject; onDone: (name: string | null) => void }) {
  const [draft, setDraft] = useState(object.name);
  return (
    <input
      autoFocus
      aria-label={`New name for ${label(object)}`}
      value={draft}
      onChange={(event) => setDraft(event.target.value)}
      onBlur={() => onDone(draft)}
      onKeyDown={(event) => {
        if (event.key === 'Enter') onDone(draft);
        if (event.key === 'Escape') onDone(null);
      }}
      className="min-w-0 flex-1 rounded border border-indigo-400 px-1 text-xs"
    />
  );
}

function Row(props: HierarchyPanelProps & { object: SceneObject; depth: number; renaming: string | null; setRenaming: (id: string | null) => void }) {
  const { object, depth, selection, editable, onSelect, onToggleVisible, renaming, setRenaming } = props;
  const selected = selection.includes(object.id);
  const finish = (name: string | null) => {
    if (name !== null && name !== object.name) props.onRename(object.id, name);
    setRenaming(null);
  };
  const TypeIcon = typeIcon[object.type];
  const select = (event: MouseEvent) => onSelect([object.id], event.shiftKey || event.metaKey || event.ctrlKey ? 'toggle' : 'replace');
  return (
    <>
      <li className={`flex items-center gap-1 py-0.5 pr-1 text-xs ${selected ? 'bg-indigo-100 dark:bg-indigo-900' : 'hover:bg-slate-100 dark:hover:bg-slate-800'}`} style={{ paddingLeft: `${0.25 + depth * 0.9}rem` }}>
        <button
          type="button"
          aria-label={`${object.visible ? 'Hide' : 'Show'} ${label(object)}`}
          aria-pressed={!object.visible}
          disabled={!editable}
          onClick={() => onToggleVisible(object.id)}
          className={`w-5 shrink-0 rounded text-center ${object.visible ? 'text-slate-600 dark:text-slate-400' : 'text-slate-300'} hover:bg-slate-200 dark:hover:bg-slate-700 disabled:hover:bg-transparent`}
          title={object.visible ? 'Visible (click to hide)' : 'Hidden (click to show)'}
        >
          {object.visible ? <Eye aria-hidden className="mx-auto h-3.5 w-3.5" /> : <EyeOff aria-hidden className="mx-auto h-3.5 w-3.5" />}
        </button>
        <span aria-hidden className="flex w-6 shrink-0 justify-center text-slate-500 dark:text-slate-400">
          <TypeIcon className="h-3.5 w-3.5" />
        </span>
        {renaming === object.id ? (
          <RenameInput object={object} onDone={finish} />
        ) : (
          <button
            type="button"
            aria-pressed={selected}
            onClick={select}
            onDoubleClick={() => {
              if (editable) setRenaming(object.id);
            }}
            className={`min-w-0 flex-1 truncate text-left ${object.visible ? '' : 'text-slate-400 dark:text-slate-500 line-through'}`}
            title={`${label(object)} (${object.type}, #${object.id})`}
          >
            {label(object)}
            {object.locked ? <span className="ml-1 text-[10px] text-amber-700 dark:text-amber-300">locked</span> : null}
          </button>
        )}
      </li>
      {object.type === 'group'
        ? [...object.children].reverse().map((child) => <Row key={child.id} {...props} object={child} depth={depth + 1} />)
        : null}
    </>
  );
}

/**
 * The scene's objects, front to back (the reverse of the file's drawing order), with their groups.
 * Select (shift/ctrl-click for several), rename (double-click or F2), show/hide, reorder, group.
 */
export function HierarchyPanel(props: HierarchyPanelProps) {
  const { objects, selection, editable } = props;
  const [renaming, setRenaming] = useState<string | null>(null);
  const single = selection.length === 1 ? selection[0]! : null;
  const actions: Array<{ label: string; shortcut?: string; disabled: boolean; run: () => void }> = [
    { label: 'Bring forward', disabled: !single, run: () => single && props.onReorder(single, 'forward') },
    { label: 'Send backward', disabled: !single, run: () => single && props.onReorder(single, 'backward') },
    { label: 'Rename', shortcut: 'F2', disabled: !single, run: () => single && setRenaming(single) },
    { label: 'Group', shortcut: shortcuts.group.keys.join(' '), disabled: selection.length === 0, run: props.onGroup },
    { label: 'Ungroup', shortcut: shortcuts.ungroup.keys.join(' '), disabled: !single, run: props.onUngroup },
    { label: 'Delete', shortcut: shortcuts.deleteSelection.keys.join(' '), disabled: selection.length === 0, run: props.onDelete },
  ];
  return (
    <section
      aria-label="Hierarchy"
      className="flex min-h-0 flex-col"
      onKeyDown={(event) => {
        if (event.key === 'F2' && single && editable) {
          event.preventDefault();
          setRenaming(single);
        }
      }}
    >
      <div className="flex items-center justify-between border-b border-slate-200 dark:border-slate-700 px-3 py-1.5">
        <h2 className="text-xs font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-400">Hierarchy</h2>
        <span className="text-[10px] text-slate-400 dark:text-slate-500">front → back</span>
      </div>
      {editable ? (
        <div role="toolbar" aria-label="Object actions" className="flex flex-wrap gap-1 border-b border-slate-200 dark:border-slate-700 px-2 py-1">
          {actions.map((action) => (
            <button
              key={action.label}
              type="button"
              disabled={action.disabled}
              onClick={action.run}
              aria-keyshortcuts={action.shortcut}
              className="rounded border border-slate-200 dark:border-slate-700 bg-white dark:bg-slate-950 px-1.5 py-0.5 text-[11px] text-slate-700 dark:text-slate-300 hover:bg-slate-100 dark:hover:bg-slate-800 disabled:opacity-40"
            >
              {action.label}
            </button>
          ))}
        </div>
      ) : null}
      {objects.length === 0 ? (
        <p className="px-3 py-2 text-xs text-slate-500 dark:text-slate-400">No objects yet: add a shape or text, or drag an image onto the canvas.</p>
      ) : (
        <ul aria-label="Objects" className="min-h-0 flex-1 overflow-auto py-1">
          {[...objects].reverse().map((object) => (
            <Row key={object.id} {...props} object={object} depth={0} renaming={renaming} setRenaming={setRenaming} />
          ))}
        </ul>
      )}
    </section>
  );
}
