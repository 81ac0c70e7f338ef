'use client';

import type Konva from 'konva';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type DragEvent as ReactDragEvent } from 'react';
import { Ellipse, Group, Image as KonvaImage, Layer, Line, Rect, Shape, Stage, Text, Transformer } from 'react-konva';
import { type CanvasColors, useCanvasColors } from '@/components/theme/use-canvas-colors';
import { isTyping } from '@/components/workspace/editor-guards';
import { flatten } from '@/lib/scenes/operations';
import type { Scene, SceneObject, ShapeObject, SpriteObject, TextObject, Transform } from '@/lib/scenes/schema';
import { fromKonva, type Point, pointToKonva, snap, toKonva } from '@/lib/scenes/transform';
import { screenToScene, type Size, type View, zoomAt } from '@/lib/scenes/view';
import { useImage } from './sprite-images';

/** The drag-and-drop type of an image dragged from the asset list: its path in the branch. */
export const IMAGE_DRAG_TYPE = 'application/x-webedt-image-path';

export interface GridSettings {
  visible: boolean;
  snap: boolean;
  size: number;
}

/** replace: select only these; toggle: flip each; add: add to the selection. */
export type SelectMode = 'replace' | 'toggle' | 'add';

export interface SceneCanvasProps {
  scene: Scene;
  selection: readonly string[];
  /** False: objects can be selected but not moved (read-only access). */
  editable: boolean;
  grid: GridSettings;
  view: View;
  onViewChange: (view: View) => void;
  onViewportSize: (size: Size) => void;
  /** Where the image of a sprite can be loaded from (null: not in the branch). */
  imageSource: (path: string) => string | null;
  onSelect: (ids: string[], mode: SelectMode) => void;
  /** Objects moved, rotated or scaled on the canvas: their new transforms, as one edit. */
  onTransform: (transforms: Map<string, Transform>) => void;
  onDropImage: (path: string, at: Point) => void;
}

const OBJECT = 'scene-object';
const FRAME = 'scene-frame';
const ZOOM_STEP = 1.1;
const ROTATION_SNAPS = Array.from({ length: 24 }, (_, index) => index * 15);

interface NodeContext {
  draggable: (object: SceneObject, topLevel: boolean) => boolean;
  dragBound: ((this: Konva.Node, position: Konva.Vector2d) => Konva.Vector2d) | undefined;
  imageSource: (path: string) => string | null;
}

function transformOf(node: Konva.Node): Transform {
  return fromKonva({ x: node.x(), y: node.y(), rotation: node.rotation(), scaleX: node.scaleX(), scaleY: node.scaleY() });
}

function commonProps(object: SceneObject, topLevel: boolean, context: NodeContext) {
  return {
    id: object.id,
    name: OBJECT,
    ...toKonva(object.transform),
    visible: object.visible,
    // Locked objects let clicks through to what is behind them.
    listening: !object.locked,
    draggable: context.draggable(object, topLevel),
    dragBoundFunc: context.dragBound,
  };
}

function SpriteNode({ object, topLevel, context }: { object: SpriteObject; topLevel: boolean; context: NodeContext }) {
  const loaded = useImage(context.imageSource(object.image));
  const box = { width: object.width, height: object.height, offsetX: object.width / 2, offsetY: object.height / 2 };
  if (loaded.status === 'ready') return <KonvaImage {...commonProps(object, topLevel, context)} {...box} image={loaded.image} />;
  // Missing or still loading: a placeholder of the sprite's size, so it can still be arranged.
  return (
    <Rect
      {...commonProps(object, topLevel, context)}
      {...box}
      fill="rgba(148, 163, 184, 0.35)"
      stroke={loaded.status === 'failed' ? '#dc2626' : '#64748b'}
      strokeWidth={1}
      strokeScaleEnabled={false}
      dash={[4, 3]}
    />
  );
}

function ShapeNode({ object, topLevel, context }: { object: ShapeObject; topLevel: boolean; context: NodeContext }) {
  const paint = {
    fill: object.fill ?? undefined,
    stroke: object.stroke ?? undefined,
    strokeWidth: object.stroke ? object.strokeWidth : 0,
  };
  const common = commonProps(object, topLevel, context);
  const { geometry } = object;
  if (geometry.kind === 'rect') {
    return <Rect {...common} {...paint} width={geometry.width} height={geometry.height} offsetX={geometry.width / 2} offsetY={geometry.height / 2} />;
  }
  if (geometry.kind === 'ellipse') return <Ellipse {...common} {...paint} radiusX={geometry.width / 2} radiusY={geometry.height / 2} />;
  return <Line {...common} {...paint} closed points={geometry.points.flatMap((point) => Object.values(pointToKonva(point)))} />;
}

function TextNode({ object, topLevel, context }: { object: TextObject; topLevel: boolean; context: NodeContext }) {
  const ref = useRef<Konva.Text>(null);
  // Konva places text by its top-left corner; scenes place every object by its centre.
  useLayoutEffect(() => {
    const node = ref.current;
    if (!node) return;
    node.offsetX(node.width() / 2);
    node.offsetY(node.height() / 2);
    node.getLayer()?.batchDraw();
  }, [object.text, object.fontSize, object.fontFamily]);
  return <Text ref={ref} {...commonProps(object, topLevel, context)} text={object.text} fontSize={object.fontSize} fontFamily={object.fontFamily} fill={object.fill} />;
}

function SceneNode({ object, topLevel, context }: { object: SceneObject; topLevel: boolean; context: NodeContext }) {
  switch (object.type) {
    case 'group':
      return (
        <Group {...commonProps(object, topLevel, context)}>
          {object.children.map((child) => (
            <SceneNode key={child.id} object={child} topLevel={false} context={context} />
          ))}
        </Group>
      );
    case 'sprite':
      return <SpriteNode object={object} topLevel={topLevel} context={context} />;
    case 'shape':
      return <ShapeNode object={object} topLevel={topLevel} context={context} />;
    case 'text':
      return <TextNode object={object} topLevel={topLevel} context={context} />;
  }
}

/** Grid lines over the visible part of the scene, one pixel wide at any zoom. */
function GridLines({ view, size, viewport, colors }: { view: View; size: number; viewport: Size; colors: CanvasColors }) {
  if (size * view.zoom < 6) return null;
  const left = -view.x / view.zoom;
  const top = -view.y / view.zoom;
  const right = left + viewport.width / view.zoom;
  const bottom = top + viewport.height / view.zoom;
  return (
    <Shape
      listening={false}
      sceneFunc={(context) => {
        context.beginPath();
        for (let x = Math.ceil(left / size) * size; x <= right; x += size) {
          context.moveTo(x, top);
          context.lineTo(x, bottom);
        }
        for (let y = Math.ceil(top / size) * size; y <= bottom; y += size) {
          context.moveTo(left, y);
          context.lineTo(right, y);
        }
        context.setAttr('strokeStyle', colors.grid);
        context.setAttr('lineWidth', 1 / view.zoom);
        context.stroke();
        // The axes through the scene's origin.
        context.beginPath();
        context.moveTo(0, top);
        context.lineTo(0, bottom);
        context.moveTo(left, 0);
        context.lineTo(right, 0);
        context.setAttr('strokeStyle', colors.axis);
        context.stroke();
      }}
    />
  );
}

/** The id to select for a click on `target`: the innermost selected object under it, else its top-level object. */
function pickedId(target: Konva.Node, selection: readonly string[]): string | null {
  const chain: string[] = [];
  for (let node: Konva.Node | null = target; node; node = node.getParent()) {
    if (node.hasName(OBJECT)) chain.push(node.id());
  }
  return chain.find((id) => selection.includes(id)) ?? chain.at(-1) ?? null;
}

/**
 * The scene on a Konva stage: select (click, shift-click, marquee), move (drag), rotate and scale
 * (handles), zoom (wheel), pan (space-drag or middle button), drop images to add sprites.
 * Loaded with `next/dynamic` and `ssr: false`: Konva needs the browser.
 */
export default function SceneCanvas(props: SceneCanvasProps) {
  const { scene, selection, editable, grid, view, onViewChange, onViewportSize, onSelect, onTransform, onDropImage } = props;
  const containerRef = useRef<HTMLDivElement>(null);
  const stageRef = useRef<Konva.Stage>(null);
  const transformerRef = useRef<Konva.Transformer>(null);
  const [viewport, setViewport] = useState<Size | null>(null);
  const [spaceHeld, setSpaceHeld] = useState(false);
  const [panning, setPanning] = useState(false);
  const [marquee, setMarquee] = useState<{ from: Point; to: Point } | null>(null);
  const hovered = useRef(false);
  const dragLead = useRef<Konva.Node | null>(null);
  const colors = useCanvasColors();

  useEffect(() => {
    const element = containerRef.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => {
      if (!entry) return;
      setViewport({ width: Math.floor(entry.contentRect.width), height: Math.floor(entry.contentRect.height) });
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    if (viewport) onViewportSize(viewport);
  }, [viewport, onViewportSize]);

  // Space pans while the pointer is over the canvas (elsewhere it keeps its usual meaning).
  useEffect(() => {
    const down = (event: KeyboardEvent) => {
      if (event.code !== 'Space' || !hovered.current || isTyping(event.target)) return;
      event.preventDefault();
      setSpaceHeld(true);
    };
    const up = (event: KeyboardEvent) => {
      if (event.code === 'Space') setSpaceHeld(false);
    };
    const blur = () => setSpaceHeld(false);
    window.addEventListener('keydown', down);
    window.addEventListener('keyup', up);
    window.addEventListener('blur', blur);
    return () => {
      window.removeEventListener('keydown', down);
      window.removeEventListener('keyup', up);
      window.removeEventListener('blur', blur);
    };
  }, []);

  // Objects that handles may act on: selected, unlocked, not inside a locked group.
  const movable = useMemo(() => {
    const locked = new Set<string>();
    for (const { object, parent } of flatten(scene)) if (object.locked || (parent && locked.has(parent.id))) locked.add(object.id);
    return new Set(selection.filter((id) => !locked.has(id)));
  }, [scene, selection]);

  useEffect(() => {
    const transformer = transformerRef.current;
    const stage = stageRef.current;
    if (!transformer || !stage) return;
    const nodes = editable ? stage.find((node: Konva.Node) => node.hasName(OBJECT) && movable.has(node.id()) && node.isVisible()) : [];
    transformer.nodes(nodes);
    transformer.getLayer()?.batchDraw();
  }, [movable, editable, scene]);

  const snapSize = grid.snap ? grid.size : 0;
  const context = useMemo<NodeContext>(
    () => ({
      draggable: (object, topLevel) => editable && !spaceHeld && !panning && !object.locked && (topLevel || selection.includes(object.id)),
      dragBound:
        snapSize > 0
          ? function (this: Konva.Node, position: Konva.Vector2d) {
              const parent = this.getParent();
              if (!parent) return position;
              const local = parent.getAbsoluteTransform().copy().invert().point(position);
              return parent.getAbsoluteTransform().point({ x: snap(local.x, snapSize), y: snap(local.y, snapSize) });
            }
          : undefined,
      imageSource: props.imageSource,
    }),
    [editable, spaceHeld, panning, selection, snapSize, props.imageSource],
  );

  const startPan = (event: MouseEvent) => {
    event.preventDefault();
    const start = { x: event.clientX, y: event.clientY };
    const from = view;
    setPanning(true);
    const move = (moved: MouseEvent) => onViewChange({ ...from, x: from.x + moved.clientX - start.x, y: from.y + moved.clientY - start.y });
    const end = () => {
      setPanning(false);
      window.removeEventListener('mousemove', move);
      window.removeEventListener('mouseup', end);
    };
    window.addEventListener('mousemove', move);
    window.addEventListener('mouseup', end);
  };

  const onMouseDown = (event: Konva.KonvaEventObject<MouseEvent>) => {
    const stage = stageRef.current;
    if (!stage) return;
    if (event.evt.button === 1 || (event.evt.button === 0 && spaceHeld)) {
      startPan(event.evt);
      return;
    }
    if (event.evt.button !== 0) return;
    const target = event.target;
    if (target.findAncestor('Transformer')) return;
    if (target === stage || target.hasName(FRAME)) {
      if (!event.evt.shiftKey) onSelect([], 'replace');
      const pointer = stage.getPointerPosition();
      if (pointer) setMarquee({ from: pointer, to: pointer });
      return;
    }
    const id = pickedId(target, selection);
    if (!id) return;
    if (event.evt.shiftKey) onSelect([id], 'toggle');
    else if (!selection.includes(id)) onSelect([id], 'replace');
  };

  const onMouseMove = () => {
    const pointer = stageRef.current?.getPointerPosition();
    if (marquee && pointer) setMarquee({ ...marquee, to: pointer });
  };

  const onMouseUp = (event: Konva.KonvaEventObject<MouseEvent>) => {
    const stage = stageRef.current;
    if (!marquee || !stage) return;
    setMarquee(null);
    const box = {
      x: Math.min(marquee.from.x, marquee.to.x),
      y: Math.min(marquee.from.y, marquee.to.y),
      width: Math.abs(marquee.to.x - marquee.from.x),
      height: Math.abs(marquee.to.y - marquee.from.y),
    };
    if (box.width < 3 && box.height < 3) return;
    const world = stage.findOne<Konva.Group>('#scene-world');
    const inside = (world?.getChildren() ?? [])
      .filter((node) => node.hasName(OBJECT) && node.isVisible() && node.isListening())
      .filter((node) => {
        const rect = node.getClientRect();
        return rect.x < box.x + box.width && rect.x + rect.width > box.x && rect.y < box.y + box.height && rect.y + rect.height > box.y;
      })
      .map((node) => node.id());
    onSelect(inside, event.evt.shiftKey ? 'add' : 'replace');
  };

  const onWheel = (event: Konva.KonvaEventObject<WheelEvent>) => {
    event.evt.preventDefault();
    const pointer = stageRef.current?.getPointerPosition();
    if (!pointer) return;
    onViewChange(zoomAt(view, pointer, event.evt.deltaY < 0 ? ZOOM_STEP : 1 / ZOOM_STEP));
  };

  const onDragStart = (event: Konva.KonvaEventObject<DragEvent>) => {
    if (dragLead.current || !event.target.hasName(OBJECT)) return;
    dragLead.current = event.target;
    const id = event.target.id();
    if (!selection.includes(id)) onSelect([id], 'replace');
  };

  const onDragEnd = (event: Konva.KonvaEventObject<DragEvent>) => {
    if (event.target !== dragLead.current) return;
    dragLead.current = null;
    // Handles move every node they hold along with the dragged one.
    const nodes = new Set([event.target, ...(transformerRef.current?.nodes() ?? [])]);
    onTransform(new Map([...nodes].map((node) => [node.id(), transformOf(node)])));
  };

  const onTransformEnd = () => {
    const nodes = transformerRef.current?.nodes() ?? [];
    if (nodes.length) onTransform(new Map(nodes.map((node) => [node.id(), transformOf(node)])));
  };

  const onDragOver = useCallback((event: ReactDragEvent) => {
    if (!event.dataTransfer.types.includes(IMAGE_DRAG_TYPE)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  }, []);

  const onDrop = (event: ReactDragEvent) => {
    const path = event.dataTransfer.getData(IMAGE_DRAG_TYPE);
    const stage = stageRef.current;
    if (!path || !stage) return;
    event.preventDefault();
    stage.setPointersPositions(event.nativeEvent);
    const pointer = stage.getPointerPosition();
    if (pointer) onDropImage(path, screenToScene(view, pointer));
  };

  const cursor = panning ? 'grabbing' : spaceHeld ? 'grab' : 'default';
  return (
    <div
      ref={containerRef}
      role="application"
      aria-label="Scene canvas"
      aria-roledescription="scene canvas"
      aria-describedby="scene-canvas-help"
      tabIndex={0}
      className="relative min-h-0 flex-1 overflow-hidden bg-[var(--canvas-backdrop)]"
      style={{ cursor }}
      data-testid="scene-canvas"
      onMouseEnter={() => (hovered.current = true)}
      onMouseLeave={() => (hovered.current = false)}
      onDragOver={onDragOver}
      onDrop={onDrop}
    >
      <p id="scene-canvas-help" className="sr-only">
        Click an object to select it, shift-click or drag a box to select several, drag to move, use the handles to rotate and scale. Arrow keys nudge
        the selection, the wheel zooms, space-drag or the middle button pans. Objects can also be selected and edited in the hierarchy and properties
        panels.
      </p>
      {viewport && colors ? (
        <Stage
          ref={stageRef}
          width={viewport.width}
          height={viewport.height}
          onMouseDown={onMouseDown}
          onMouseMove={onMouseMove}
          onMouseUp={onMouseUp}
          onWheel={onWheel}
          onDragStart={onDragStart}
          onDragEnd={onDragEnd}
        >
          <Layer>
            <Group id="scene-world" x={view.x} y={view.y} scaleX={view.zoom} scaleY={view.zoom}>
              <Rect
                name={FRAME}
                x={-scene.width / 2}
                y={-scene.height / 2}
                width={scene.width}
                height={scene.height}
                fill={scene.background}
                stroke={colors.frame}
                strokeWidth={1}
                strokeScaleEnabled={false}
              />
              {grid.visible ? <GridLines view={view} size={grid.size} viewport={viewport} colors={colors} /> : null}
              {scene.objects.map((object) => (
                <SceneNode key={object.id} object={object} topLevel context={context} />
              ))}
            </Group>
          </Layer>
          <Layer>
            <Transformer
              ref={transformerRef}
              rotationSnaps={grid.snap ? ROTATION_SNAPS : []}
              flipEnabled
              ignoreStroke
              anchorSize={8}
              borderStroke={colors.accent}
              anchorStroke={colors.accent}
              onTransformEnd={onTransformEnd}
              boundBoxFunc={(previous, next) => (Math.abs(next.width) < 2 || Math.abs(next.height) < 2 ? previous : next)}
            />
            {marquee ? (
              <Rect
                listening={false}
                x={Math.min(marquee.from.x, marquee.to.x)}
                y={Math.min(marquee.from.y, marquee.to.y)}
                width={Math.abs(marquee.to.x - marquee.from.x)}
                height={Math.abs(marquee.to.y - marquee.from.y)}
                fill={colors.selectionFill}
                stroke={colors.accent}
                strokeWidth={1}
                dash={[4, 4]}
              />
            ) : null}
          </Layer>
        </Stage>
      ) : null}
    </div>
  );
}
