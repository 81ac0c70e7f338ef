import type { Transform } from './schema';

/**
 * Scene space is y-up with counterclockwise degrees (schema.ts); Konva draws y-down with clockwise
 * degrees. This module is the only place that converts between the two: the canvas places a world
 * group at the scene's centre and every node goes through `toKonva` / `fromKonva`.
 */
export interface Point {
  x: number;
  y: number;
}

/** A node's attributes as Konva has them, relative to its parent node. */
export interface KonvaTransform extends Point {
  rotation: number;
  scaleX: number;
  scaleY: number;
}

/** Flips a sign without producing -0 (which would survive into equality checks). */
const negate = (value: number) => (value === 0 ? 0 : -value);

/** Values read back from the canvas carry floating-point noise; four decimals are plenty for a scene. */
export function tidy(value: number): number {
  const rounded = Math.round(value * 10_000) / 10_000;
  return rounded === 0 ? 0 : rounded;
}

export function pointToKonva(point: Point): Point {
  return { x: point.x, y: negate(point.y) };
}

export function pointFromKonva(point: Point): Point {
  return { x: tidy(point.x), y: tidy(negate(point.y)) };
}

export function toKonva(transform: Transform): KonvaTransform {
  return { ...pointToKonva(transform), rotation: negate(transform.rotation), scaleX: transform.scaleX, scaleY: transform.scaleY };
}

export function fromKonva(node: KonvaTransform): Transform {
  return { ...pointFromKonva(node), rotation: tidy(negate(node.rotation)), scaleX: tidy(node.scaleX), scaleY: tidy(node.scaleY) };
}

const radians = (degrees: number) => (degrees * Math.PI) / 180;

/** Where a point given in an object's own space lies in its parent's space (y up). */
export function applyTransform(transform: Transform, point: Point): Point {
  const sx = point.x * transform.scaleX;
  const sy = point.y * transform.scaleY;
  const angle = radians(transform.rotation);
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  return { x: transform.x + sx * cos - sy * sin, y: transform.y + sx * sin + sy * cos };
}

/**
 * A child's transform expressed in its parent's parent space (used when a group is dissolved).
 * Exact for uniform scales; a non-uniform parent scale combined with a rotated child would need
 * skew, which scenes do not have, so the closest rotation/scale pair is kept.
 */
export function composeTransforms(parent: Transform, child: Transform): Transform {
  const position = applyTransform(parent, child);
  return {
    x: tidy(position.x),
    y: tidy(position.y),
    rotation: tidy(parent.rotation + child.rotation),
    scaleX: tidy(parent.scaleX * child.scaleX),
    scaleY: tidy(parent.scaleY * child.scaleY),
  };
}

/** Snaps a coordinate to the grid (`size` ≤ 0: no grid). */
export function snap(value: number, size: number): number {
  if (size <= 0) return value;
  const snapped = Math.round(value / size) * size;
  return snapped === 0 ? 0 : snapped;
}
