'use client';

import type { Rect } from '@/lib/images/raster';

export type Tool = 'brush' | 'eraser' | 'fill' | 'line' | 'rect' | 'ellipse' | 'picker' | 'crop';

/** The drawing tools, with their one-key shortcuts. */
export const TOOLS: ReadonlyArray<{ tool: Tool; label: string; key: string; icon: string }> = [
  { tool: 'brush', label: 'Brush', key: 'b', icon: '✎' },
  { tool: 'eraser', label: 'Eraser', key: 'e', icon: '⌫' },
  { tool: 'fill', label: 'Fill', key: 'f', icon: '◩' },
  { tool: 'line', label: 'Line', key: 'l', icon: '╱' },
  { tool: 'rect', label: 'Rectangle', key: 'r', icon: '▭' },
  { tool: 'ellipse', label: 'Ellipse', key: 'o', icon: '◯' },
  { tool: 'picker', label: 'Colour picker', key: 'i', icon: '⊙' },
  { tool: 'crop', label: 'Crop', key: 'c', icon: '✂' },
];

export type Transform = 'rotate-left' | 'rotate-right' | 'flip-horizontal' | 'flip-vertical' | 'grayscale' | 'pixelate';

const TRANSFORMS: ReadonlyArray<{ transform: Transform; label: string; icon: string }> = [
  { transform: 'rotate-left', label: 'Rotate left', icon: '⟲' },
  { transform: 'rotate-right', label: 'Rotate right', icon: '⟳' },
  { transform: 'flip-horizontal', label: 'Flip horizontally', icon: '⇋' },
  { transform: 'flip-vertical', label: 'Flip vertically', icon: '⇵' },
  { transform: 'grayscale', label: 'Grayscale', icon: '◐' },
];

/** A small number field that only ever reports whole numbers within its range. */
function WholeNumberInput({ min, max, value, onChange }: { min: number; max: number; value: number; onChange: (value: number) => void }) {
  return (
    <input
      type="number"
      min={min}
      max={max}
      value={value}
      onChange={(event) => onChange(Math.min(max, Math.max(min, Math.round(Number(event.target.value)) || min)))}
      className="w-14 rounded border border-slate-300 dark:border-slate-600 px-1 py-0.5"
    />
  );
}

const button = 'rounded px-2 py-1 text-sm hover:bg-slate-200 dark:hover:bg-slate-700 disabled:opacity-40 disabled:hover:bg-transparent';

export function ImageToolbar(props: {
  tool: Tool;
  onTool: (tool: Tool) => void;
  color: string;
  onColor: (color: string) => void;
  size: number;
  onSize: (size: number) => void;
  filled: boolean;
  onFilled: (filled: boolean) => void;
  canWrite: boolean;
  canUndo: boolean;
  canRedo: boolean;
  onUndo: () => void;
  onRedo: () => void;
  zoom: number;
  /** +1 / -1 a step, 0 to fit. */
  onZoom: (step: number) => void;
  selection: Rect | null;
  onCrop: () => void;
  pixelBlock: number;
  onPixelBlock: (size: number) => void;
  onTransform: (transform: Transform) => void;
  onResize: () => void;
}) {
  const { canWrite } = props;
  return (
    <div role="toolbar" aria-label="Image tools" className="flex flex-wrap items-center gap-x-3 gap-y-1 border-b border-slate-200 dark:border-slate-700 bg-slate-50 dark:bg-slate-900 px-3 py-1.5">
      <div role="group" aria-label="Drawing tools" className="flex items-center gap-0.5">
        {TOOLS.filter((entry) => canWrite || entry.tool === 'picker').map((entry) => (
          <button
            key={entry.tool}
            type="button"
            aria-pressed={props.tool === entry.tool}
            aria-label={entry.label}
            aria-keyshortcuts={entry.key.toUpperCase()}
            title={`${entry.label} (${entry.key.toUpperCase()})`}
            onClick={() => props.onTool(entry.tool)}
            className={`${button} w-8 ${props.tool === entry.tool ? 'bg-indigo-100 dark:bg-indigo-900 text-indigo-800 dark:text-indigo-200' : ''}`}
          >
            <span aria-hidden>{entry.icon}</span>
          </button>
        ))}
      </div>
      <label className="flex items-center gap-1 text-sm">
        Colour
        <input type="color" value={props.color} onChange={(event) => props.onColor(event.target.value)} className="h-7 w-9 cursor-pointer" />
      </label>
      {canWrite ? (
        <>
          <label className="flex items-center gap-1 text-sm">
            Size
            <WholeNumberInput min={1} max={64} value={props.size} onChange={props.onSize} />
          </label>
          <label className="flex items-center gap-1 text-sm">
            <input type="checkbox" checked={props.filled} onChange={(event) => props.onFilled(event.target.checked)} />
            Filled shapes
          </label>
          <div role="group" aria-label="History" className="flex items-center gap-0.5">
            <button type="button" onClick={props.onUndo} disabled={!props.canUndo} aria-keyshortcuts="Control+Z" title="Undo (Ctrl+Z)" className={button}>
              Undo
            </button>
            <button type="button" onClick={props.onRedo} disabled={!props.canRedo} aria-keyshortcuts="Control+Shift+Z" title="Redo (Ctrl+Shift+Z)" className={button}>
              Redo
            </button>
          </div>
          <div role="group" aria-label="Transform" className="flex items-center gap-0.5">
            {TRANSFORMS.map((entry) => (
              <button key={entry.transform} type="button" aria-label={entry.label} title={entry.label} onClick={() => props.onTransform(entry.transform)} className={`${button} w-8`}>
                <span aria-hidden>{entry.icon}</span>
              </button>
            ))}
            <button type="button" onClick={props.onResize} className={button}>
              Resize…
            </button>
            <button type="button" onClick={props.onCrop} disabled={!props.selection} title="Crop to the selection (Enter)" className={button}>
              Crop to selection
            </button>
          </div>
          <div role="group" aria-label="Pixelate" className="flex items-center gap-1 text-sm">
            <button type="button" onClick={() => props.onTransform('pixelate')} className={button}>
              Pixelate
            </button>
            <label className="flex items-center gap-1">
              <span className="sr-only">Pixelate block size</span>
              <WholeNumberInput min={2} max={64} value={props.pixelBlock} onChange={props.onPixelBlock} />
              px
            </label>
          </div>
        </>
      ) : null}
      <div role="group" aria-label="Zoom" className="ml-auto flex items-center gap-0.5 text-sm">
        <button type="button" onClick={() => props.onZoom(-1)} aria-label="Zoom out" aria-keyshortcuts="-" className={`${button} w-8`}>
          −
        </button>
        <span className="w-12 text-center tabular-nums" aria-label="Zoom level">
          {Math.round(props.zoom * 100)}%
        </span>
        <button type="button" onClick={() => props.onZoom(1)} aria-label="Zoom in" aria-keyshortcuts="+" className={`${button} w-8`}>
          +
        </button>
        <button type="button" onClick={() => props.onZoom(0)} className={button}>
          Fit
        </button>
      </div>
    </div>
  );
}
