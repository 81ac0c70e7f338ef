import type { Scene } from './schema';
import { type Point, pointFromKonva, pointToKonva } from './transform';

/**
 * How the canvas shows a scene: `zoom` screen pixels per scene unit, and (x, y) the screen position
 * (in the canvas) of the scene's origin, its centre.
 */
export interface View {
  zoom: number;
  x: number;
  y: number;
}

export interface Size {
  width: number;
  height: number;
}

export const MIN_ZOOM = 0.05;
export const MAX_ZOOM = 32;

const clampZoom = (zoom: number) => Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, zoom));

/** The whole scene frame in view with a margin, centred. */
export function fitView(scene: Pick<Scene, 'width' | 'height'>, viewport: Size): View {
  const zoom = clampZoom(Math.min(viewport.width / scene.width, viewport.height / scene.height) * 0.9);
  return { zoom, x: viewport.width / 2, y: viewport.height / 2 };
}

/** 1:1, centred. */
export function actualSizeView(viewport: Size): View {
  return { zoom: 1, x: Math.round(viewport.width / 2), y: Math.round(viewport.height / 2) };
}

/** Zooms by `factor` keeping the scene point under `anchor` (a canvas position) where it is. */
export function zoomAt(view: View, anchor: Point, factor: number): View {
  const zoom = clampZoom(view.zoom * factor);
  const scale = zoom / view.zoom;
  return { zoom, x: anchor.x - (anchor.x - view.x) * scale, y: anchor.y - (anchor.y - view.y) * scale };
}

/** The scene point (y up) under a canvas position. */
export function screenToScene(view: View, screen: Point): Point {
  return pointFromKonva({ x: (screen.x - view.x) / view.zoom, y: (screen.y - view.y) / view.zoom });
}

/** The canvas position of a scene point (y up). */
export function sceneToScreen(view: View, point: Point): Point {
  const konva = pointToKonva(point);
  return { x: view.x + konva.x * view.zoom, y: view.y + konva.y * view.zoom };
}
