'use client';

import { ArrowLeft } from 'lucide-react';
import { type PointerEvent as ReactPointerEvent, useCallback, useEffect, useRef, useState } from 'react';
import { EditorLoadState, SaveNote } from '@/components/media/editor-parts';
import { useEditorShortcuts, useMediaEditor } from '@/components/media/use-media-editor';
import { fetchBlob } from '@/lib/media/assets';
import { canRedo, canUndo } from '@/lib/media/history';
import { decodeImage, encodeImage, paint } from '@/lib/images/canvas';
import { parseHexColor, type Rgba, TRANSPARENT, toHexColor } from '@/lib/images/color';
import { canvasSizeProblem, type CanvasFormat, type ImageFormat } from '@/lib/images/formats';
import {
  crop,
  drawEllipse,
  drawLine,
  drawRect,
  flip,
  floodFill,
  getPixel,
  grayscale,
  paintStroke,
  pixelate,
  type Point,
  type Raster,
  type Rect,
  resize,
  rotate90,
  spanRect,
} from '@/lib/images/raster';
import { ImageToolbar, type Tool, TOOLS } from './image-toolbar';
import { matches, shortcuts } from '@/components/command-palette/shortcuts';

/** What the editor has open: the blob it was loaded from, and where and how the result is saved. */
export interface OpenImage {
  /** The file shown, and the blob its pixels come from. */
  sourcePath: string;
  sha: string;
  sourceFormat: ImageFormat;
  /** Where a commit writes (a PNG copy for GIF and SVG files). */
  targetPath: string;
  targetFormat: CanvasFormat;
  /** Why the result goes to another file, if it does. */
  note: string | null;
}

const HISTORY_LIMITS = { maxSteps: 100, maxBytes: 256 * 1024 * 1024, sizeOf: (raster: Raster) => raster.data.byteLength };
const ZOOM_LEVELS = [0.25, 0.5, 1, 2, 3, 4, 6, 8, 12, 16, 24, 32];
/** The initial zoom makes the picture about this big, without going beyond 16×. */
const FIT_BOX = { width: 640, height: 420 };

function fitZoom(raster: Raster): number {
  const fit = Math.min(FIT_BOX.width / raster.width, FIT_BOX.height / raster.height, 16);
  return [...ZOOM_LEVELS].reverse().find((level) => level <= fit) ?? ZOOM_LEVELS[0]!;
}

type Drag = { tool: Tool; start: Point; points: Point[]; base: Raster };
type ResizeForm = { width: number; height: number; keepRatio: boolean; mode: 'pixels' | 'smooth' };

export function ImageEditor({
  owner,
  repo,
  file,
  canWrite,
  committedRaster,
  committing,
  onCommit,
  onClose,
}: {
  owner: string;
  repo: string;
  file: OpenImage;
  canWrite: boolean;
  /** The picture last committed from this editor (it is then no longer "changed"). */
  committedRaster: Raster | null;
  committing: boolean;
  /** Starts the commit of these bytes; returns why it cannot, if so. */
  onCommit: (bytes: Uint8Array, raster: Raster) => string | null;
  onClose: (dirty: boolean) => void;
}) {
  const [tool, setTool] = useState<Tool>('brush');
  const [color, setColor] = useState('#d7263d');
  const [size, setSize] = useState(1);
  const [filled, setFilled] = useState(false);
  const [zoom, setZoom] = useState(1);
  const [draft, setDraft] = useState<Raster | null>(null);
  const [selection, setSelection] = useState<Rect | null>(null);
  const [hover, setHover] = useState<Point | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [quality, setQuality] = useState(0.9);
  const [pixelBlock, setPixelBlock] = useState(4);
  const [resizeForm, setResizeForm] = useState<ResizeForm | null>(null);
  const [encoding, setEncoding] = useState(false);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const drag = useRef<Drag | null>(null);
  const { load, history, present, dirty, apply, undo, redo } = useMediaEditor<Raster>({
    load: async () => decodeImage(await fetchBlob(owner, repo, file.sha, file.sourcePath), file.sourceFormat),
    initial: null,
    limits: HISTORY_LIMITS,
    committed: committedRaster,
    onLoaded: (raster) => setZoom(fitZoom(raster)),
  });

  const shown = draft ?? present;
  const rgba: Rgba = parseHexColor(color) ?? [0, 0, 0, 255];

  useEffect(() => {
    const ctx = canvasRef.current?.getContext('2d');
    if (ctx && shown) paint(ctx, shown);
  }, [shown]);

  const toPixel = (event: ReactPointerEvent<HTMLCanvasElement>): Point | null => {
    const canvas = canvasRef.current;
    if (!canvas || !present) return null;
    const rect = canvas.getBoundingClientRect();
    return {
      x: Math.floor(((event.clientX - rect.left) / rect.width) * present.width),
      y: Math.floor(((event.clientY - rect.top) / rect.height) * present.height),
    };
  };

  const within = (raster: Raster, point: Point) => point.x >= 0 && point.y >= 0 && point.x < raster.width && point.y < raster.height;

  /** The picture a drag in progress shows (the committed step happens on release). */
  const drawDrag = (current: Drag, to: Point): Raster | null => {
    const style = { color: rgba, filled, lineWidth: size };
    switch (current.tool) {
      case 'brush':
        return paintStroke(current.base, current.points, size, rgba);
      case 'eraser':
        return paintStroke(current.base, current.points, size, TRANSPARENT);
      case 'line':
        return drawLine(current.base, current.start, to, size, rgba);
      case 'rect':
        return drawRect(current.base, current.start, to, style);
      case 'ellipse':
        return drawEllipse(current.base, current.start, to, style);
      default:
        return null;
    }
  };

  const onPointerDown = (event: ReactPointerEvent<HTMLCanvasElement>) => {
    const point = toPixel(event);
    if (!point || !present || event.button !== 0) return;
    if (tool === 'fill') {
      if (within(present, point)) apply((raster) => floodFill(raster, point, rgba));
      return;
    }
    if (tool === 'picker') {
      if (!within(present, point)) return;
      const picked = getPixel(present, point.x, point.y);
      setColor(toHexColor(picked));
      setNotice(picked[3] === 0 ? 'That pixel is transparent; picked its colour channels.' : `Picked ${toHexColor(picked)}.`);
      return;
    }
    if (!canWrite && tool !== 'crop') return;
    event.currentTarget.setPointerCapture(event.pointerId);
    drag.current = { tool, start: point, points: [point], base: present };
    if (tool === 'crop') setSelection(spanRect(present, point, point));
    else setDraft(drawDrag(drag.current, point));
  };

  const onPointerMove = (event: ReactPointerEvent<HTMLCanvasElement>) => {
    const point = toPixel(event);
    setHover(point && present && within(present, point) ? point : null);
    const current = drag.current;
    if (!point || !current) return;
    if (current.tool === 'crop') {
      setSelection(spanRect(current.base, current.start, point));
      return;
    }
    const last = current.points.at(-1);
    if (last && last.x === point.x && last.y === point.y) return;
    current.points.push(point);
    setDraft(drawDrag(current, point));
  };

  const onPointerUp = (event: ReactPointerEvent<HTMLCanvasElement>) => {
    const current = drag.current;
    drag.current = null;
    if (!current || current.tool === 'crop') return;
    const finished = drawDrag(current, toPixel(event) ?? current.start);
    setDraft(null);
    if (finished) apply(() => finished);
  };

  const cropToSelection = useCallback(() => {
    if (!selection) return;
    apply((raster) => crop(raster, selection));
    setSelection(null);
    setNotice(`Cropped to ${selection.width} × ${selection.height}.`);
  }, [apply, selection]);

  const commit = useCallback(async () => {
    if (!present || !canWrite || encoding) return;
    if (!dirty && file.targetPath === file.sourcePath) {
      setNotice('Nothing to commit: the picture has not changed.');
      return;
    }
    setEncoding(true);
    try {
      const bytes = await encodeImage(present, file.targetFormat, quality);
      const problem = onCommit(bytes, present);
      if (problem) setNotice(problem);
    } catch (error) {
      setNotice(error instanceof Error ? error.message : 'The image could not be encoded.');
    } finally {
      setEncoding(false);
    }
  }, [present, canWrite, encoding, dirty, file, quality, onCommit]);

  const zoomBy = useCallback((step: number) => {
    setZoom((current) => {
      const index = ZOOM_LEVELS.indexOf(current);
      return ZOOM_LEVELS[Math.min(ZOOM_LEVELS.length - 1, Math.max(0, index + step))] ?? current;
    });
  }, []);

  const onKey = useCallback(
    (key: string, event: KeyboardEvent) => {
      const shortcut = TOOLS.find((entry) => entry.key === key);
      if (shortcut) setTool(shortcut.tool);
      else if (matches(event, shortcuts.zoomIn)) zoomBy(1);
      else if (matches(event, shortcuts.zoomOut)) zoomBy(-1);
      else if (matches(event, shortcuts.clearSelection)) setSelection(null);
      else if (matches(event, shortcuts.crop) && selection) cropToSelection();
    },
    [selection, cropToSelection, zoomBy],
  );
  const commitNow = useCallback(() => void commit(), [commit]);
  useEditorShortcuts({ committing, onCommit: commitNow, onUndo: undo, onRedo: redo, onKey });

  const applyResize = () => {
    if (!resizeForm) return;
    const problem = canvasSizeProblem(resizeForm.width, resizeForm.height);
    if (problem) {
      setNotice(problem);
      return;
    }
    apply((raster) => resize(raster, resizeForm.width, resizeForm.height, resizeForm.mode));
    setNotice(`Resized to ${resizeForm.width} × ${resizeForm.height}.`);
    setResizeForm(null);
  };

  const header = (
    <div className="flex flex-wrap items-center gap-2 border-b border-slate-200 dark:border-slate-700 px-3 py-2">
      <button type="button" onClick={() => onClose(dirty)} className="flex items-center gap-1 rounded-md px-2 py-1 text-sm dark:border-slate-600 text-slate-700 dark:text-slate-300 hover:bg-slate-100 dark:hover:bg-slate-800">
        <ArrowLeft aria-hidden className="h-4 w-4" /> All images
      </button>
      <h2 className="min-w-0 truncate font-mono text-sm font-medium">
        {file.sourcePath}
        {dirty ? <span className="ml-1 text-amber-600 dark:text-amber-400">(changed)</span> : null}
      </h2>
      <div className="ml-auto flex items-center gap-2 text-sm">
        {canWrite && (file.targetFormat === 'jpeg' || file.targetFormat === 'webp') ? (
          <label className="flex items-center gap-1 text-slate-700 dark:text-slate-300">
            Quality
            <input type="range" min={0.3} max={1} step={0.05} value={quality} onChange={(event) => setQuality(Number(event.target.value))} />
            <span className="w-9 tabular-nums">{Math.round(quality * 100)}%</span>
          </label>
        ) : null}
        {canWrite ? (
          <button
            type="button"
            onClick={() => void commit()}
            disabled={load.state !== 'ready' || committing || encoding}
            aria-keyshortcuts="Control+S Meta+S"
            className="rounded-md bg-indigo-600 px-3 py-1 text-xs font-medium text-white hover:bg-indigo-700 disabled:opacity-40"
          >
            {file.targetPath === file.sourcePath ? 'Commit…' : `Commit as ${file.targetPath.slice(file.targetPath.lastIndexOf('/') + 1)}…`}
          </button>
        ) : null}
      </div>
    </div>
  );

  if (load.state !== 'ready' || !history || !present || !shown) {
    return (
      <section aria-label={`Image editor: ${file.sourcePath}`} className="flex h-full flex-col">
        {header}
        <EditorLoadState title={file.sourcePath} load={load} />
      </section>
    );
  }

  return (
    <section aria-label={`Image editor: ${file.sourcePath}`} className="flex h-full min-h-0 flex-col">
      {header}
      <SaveNote note={file.note} />
      <ImageToolbar
        tool={tool}
        onTool={setTool}
        color={color}
        onColor={setColor}
        size={size}
        onSize={setSize}
        filled={filled}
        onFilled={setFilled}
        canWrite={canWrite}
        canUndo={canUndo(history)}
        canRedo={canRedo(history)}
        onUndo={undo}
        onRedo={redo}
        zoom={zoom}
        onZoom={(step) => (step === 0 ? setZoom(fitZoom(present)) : zoomBy(step))}
        selection={selection}
        onCrop={cropToSelection}
        pixelBlock={pixelBlock}
        onPixelBlock={setPixelBlock}
        onTransform={(transform) => {
          const transforms: Record<typeof transform, (raster: Raster) => Raster> = {
            'rotate-left': (raster) => rotate90(raster, 'counterclockwise'),
            'rotate-right': (raster) => rotate90(raster, 'clockwise'),
            'flip-horizontal': (raster) => flip(raster, 'horizontal'),
            'flip-vertical': (raster) => flip(raster, 'vertical'),
            grayscale,
            pixelate: (raster) => pixelate(raster, pixelBlock),
          };
          setSelection(null);
          apply(transforms[transform]);
        }}
        onResize={() => setResizeForm({ width: present.width, height: present.height, keepRatio: true, mode: 'pixels' })}
      />
      {resizeForm ? (
        <form
          aria-label="Resize image"
          onSubmit={(event) => {
            event.preventDefault();
            applyResize();
          }}
          className="flex flex-wrap items-center gap-3 border-b border-slate-200 dark:border-slate-700 bg-slate-50 dark:bg-slate-900 px-3 py-2 text-sm"
        >
          {(['width', 'height'] as const).map((side) => (
            <label key={side} className="flex items-center gap-1 capitalize">
              {side}
              <input
                type="number"
                min={1}
                max={4096}
                required
                value={resizeForm[side]}
                onChange={(event) => {
                  const value = Math.max(0, Math.round(Number(event.target.value)));
                  const other = side === 'width' ? 'height' : 'width';
                  const ratio = side === 'width' ? present.height / present.width : present.width / present.height;
                  setResizeForm({ ...resizeForm, [side]: value, ...(resizeForm.keepRatio ? { [other]: Math.max(1, Math.round(value * ratio)) } : {}) });
                }}
                className="w-20 rounded border border-slate-300 dark:border-slate-600 px-1 py-0.5"
              />
            </label>
          ))}
          <label className="flex items-center gap-1">
            <input type="checkbox" checked={resizeForm.keepRatio} onChange={(event) => setResizeForm({ ...resizeForm, keepRatio: event.target.checked })} />
            Keep proportions
          </label>
          <label className="flex items-center gap-1">
            Scaling
            <select value={resizeForm.mode} onChange={(event) => setResizeForm({ ...resizeForm, mode: event.target.value as ResizeForm['mode'] })} className="rounded border border-slate-300 dark:border-slate-600">
              <option value="pixels">Hard pixels</option>
              <option value="smooth">Smooth</option>
            </select>
          </label>
          <button type="submit" className="rounded-md bg-indigo-600 px-2 py-1 text-xs font-medium text-white">
            Apply size
          </button>
          <button type="button" onClick={() => setResizeForm(null)} className="rounded-md px-2 py-1 text-xs hover:bg-slate-200 dark:hover:bg-slate-700">
            Cancel
          </button>
        </form>
      ) : null}
      <div className="min-h-0 flex-1 overflow-auto bg-[var(--canvas-backdrop)] p-6">
        <div
          className="relative mx-auto w-fit bg-[conic-gradient(var(--canvas-checker-a)_25%,var(--canvas-checker-b)_0_50%,var(--canvas-checker-a)_0_75%,var(--canvas-checker-b)_0)] bg-[length:16px_16px] shadow"
          title="Transparent pixels show as a checkerboard"
        >
          <canvas
            ref={canvasRef}
            role="img"
            aria-label={`Canvas of ${file.sourcePath}, ${shown.width} × ${shown.height} pixels`}
            width={shown.width}
            height={shown.height}
            onPointerDown={onPointerDown}
            onPointerMove={onPointerMove}
            onPointerUp={onPointerUp}
            onPointerLeave={() => setHover(null)}
            style={{ width: shown.width * zoom, height: shown.height * zoom }}
            className={`block touch-none [image-rendering:pixelated] ${tool === 'picker' || tool === 'fill' ? 'cursor-copy' : 'cursor-crosshair'}`}
          />
          {selection ? (
            <div
              aria-hidden
              data-testid="crop-selection"
              className="pointer-events-none absolute border border-dashed border-[var(--canvas-accent)] bg-[var(--canvas-selection-fill)]"
              style={{ left: selection.x * zoom, top: selection.y * zoom, width: selection.width * zoom, height: selection.height * zoom }}
            />
          ) : null}
        </div>
      </div>
      <div className="flex items-center justify-between gap-3 border-t border-slate-200 dark:border-slate-700 px-3 py-1 text-xs text-slate-700 dark:text-slate-300">
        <p role="status" className="min-w-0 truncate">
          {encoding ? 'Encoding…' : notice}
        </p>
        <p className="shrink-0 tabular-nums" data-testid="image-info">
          {present.width} × {present.height} px · {Math.round(zoom * 100)}%{hover ? ` · (${hover.x}, ${hover.y})` : ''}
          {selection ? ` · selection ${selection.width} × ${selection.height}` : ''} · {file.targetFormat.toUpperCase()}
        </p>
      </div>
    </section>
  );
}
