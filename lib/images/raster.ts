import { type Rgba, TRANSPARENT } from './color';

/**
 * Pixel operations of the image editor on ImageData-shaped rasters (row-major RGBA bytes), so they
 * run, and are tested, without a browser. Every operation returns a new raster and leaves its
 * input alone: the editor keeps old rasters as undo steps. Painting replaces pixels instead of
 * blending them, as pixel-art tools do, so a stroke with the eraser is truly transparent.
 */
export interface Raster {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8ClampedArray<ArrayBuffer>;
}

export interface Point {
  x: number;
  y: number;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export function createRaster(width: number, height: number, fill?: Rgba): Raster {
  const data = new Uint8ClampedArray(width * height * 4);
  if (fill) for (let i = 0; i < data.length; i += 4) data.set(fill, i);
  return { width, height, data };
}

export function cloneRaster(raster: Raster): Raster {
  return { width: raster.width, height: raster.height, data: new Uint8ClampedArray(raster.data) };
}

const inside = (raster: Raster, x: number, y: number) => x >= 0 && y >= 0 && x < raster.width && y < raster.height;

export function getPixel(raster: Raster, x: number, y: number): Rgba {
  if (!inside(raster, x, y)) throw new RangeError(`(${x}, ${y}) is outside the ${raster.width} × ${raster.height} image.`);
  const i = (y * raster.width + x) * 4;
  const { data } = raster;
  return [data[i]!, data[i + 1]!, data[i + 2]!, data[i + 3]!];
}

/** Writes one pixel of a raster being built (pixels outside are ignored). */
function put(raster: Raster, x: number, y: number, color: Rgba): void {
  if (inside(raster, x, y)) raster.data.set(color, (y * raster.width + x) * 4);
}

/** The pixels of a round brush of `size` pixels around (0, 0). */
function brushOffsets(size: number): Point[] {
  const low = -Math.floor((size - 1) / 2);
  const centre = low + (size - 1) / 2;
  const offsets: Point[] = [];
  for (let dy = low; dy < low + size; dy++) {
    for (let dx = low; dx < low + size; dx++) {
      if ((dx - centre) ** 2 + (dy - centre) ** 2 <= (size / 2) ** 2) offsets.push({ x: dx, y: dy });
    }
  }
  return offsets;
}

/** Every pixel on the straight line from `a` to `b` (Bresenham). */
export function linePixels(a: Point, b: Point): Point[] {
  const points: Point[] = [];
  const dx = Math.abs(b.x - a.x);
  const dy = -Math.abs(b.y - a.y);
  const sx = a.x < b.x ? 1 : -1;
  const sy = a.y < b.y ? 1 : -1;
  let error = dx + dy;
  let { x, y } = a;
  for (;;) {
    points.push({ x, y });
    if (x === b.x && y === b.y) return points;
    const doubled = 2 * error;
    if (doubled >= dy) {
      error += dy;
      x += sx;
    }
    if (doubled <= dx) {
      error += dx;
      y += sy;
    }
  }
}

/** A freehand stroke through `points` with a round brush; the eraser paints `TRANSPARENT`. */
export function paintStroke(raster: Raster, points: readonly Point[], size: number, color: Rgba): Raster {
  const out = cloneRaster(raster);
  const brush = brushOffsets(Math.max(1, Math.round(size)));
  const stamp = (p: Point) => brush.forEach((offset) => put(out, p.x + offset.x, p.y + offset.y, color));
  points.forEach((point, i) => {
    const previous = points[i - 1];
    if (previous) linePixels(previous, point).forEach(stamp);
    else stamp(point);
  });
  return out;
}

export function drawLine(raster: Raster, a: Point, b: Point, size: number, color: Rgba): Raster {
  return paintStroke(raster, [a, b], size, color);
}

/** The rectangle spanned by two corners (both included), clipped to the raster; null when nothing is left. */
export function spanRect(raster: Raster, a: Point, b: Point): Rect | null {
  const x0 = Math.max(0, Math.min(a.x, b.x));
  const y0 = Math.max(0, Math.min(a.y, b.y));
  const x1 = Math.min(raster.width - 1, Math.max(a.x, b.x));
  const y1 = Math.min(raster.height - 1, Math.max(a.y, b.y));
  return x1 < x0 || y1 < y0 ? null : { x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 };
}

export interface ShapeStyle {
  color: Rgba;
  filled: boolean;
  /** Outline width in pixels, when not filled. */
  lineWidth: number;
}

/** A rectangle between two corners. */
export function drawRect(raster: Raster, a: Point, b: Point, style: ShapeStyle): Raster {
  const out = cloneRaster(raster);
  const x0 = Math.min(a.x, b.x);
  const x1 = Math.max(a.x, b.x);
  const y0 = Math.min(a.y, b.y);
  const y1 = Math.max(a.y, b.y);
  const width = Math.max(1, Math.round(style.lineWidth));
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      const edge = x - x0 < width || x1 - x < width || y - y0 < width || y1 - y < width;
      if (style.filled || edge) put(out, x, y, style.color);
    }
  }
  return out;
}

/** An ellipse inscribed in the box between two corners. */
export function drawEllipse(raster: Raster, a: Point, b: Point, style: ShapeStyle): Raster {
  const out = cloneRaster(raster);
  const x0 = Math.min(a.x, b.x);
  const x1 = Math.max(a.x, b.x);
  const y0 = Math.min(a.y, b.y);
  const y1 = Math.max(a.y, b.y);
  const cx = (x0 + x1 + 1) / 2;
  const cy = (y0 + y1 + 1) / 2;
  const within = (x: number, y: number, shrink: number) => {
    const rx = (x1 - x0 + 1) / 2 - shrink;
    const ry = (y1 - y0 + 1) / 2 - shrink;
    return rx > 0 && ry > 0 && ((x + 0.5 - cx) / rx) ** 2 + ((y + 0.5 - cy) / ry) ** 2 <= 1;
  };
  const width = Math.max(1, Math.round(style.lineWidth));
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      if (within(x, y, 0) && (style.filled || !within(x, y, width))) put(out, x, y, style.color);
    }
  }
  return out;
}

const sameColor = (data: Uint8ClampedArray, i: number, color: Rgba, tolerance: number) =>
  Math.abs(data[i]! - color[0]) <= tolerance &&
  Math.abs(data[i + 1]! - color[1]) <= tolerance &&
  Math.abs(data[i + 2]! - color[2]) <= tolerance &&
  Math.abs(data[i + 3]! - color[3]) <= tolerance;

/** Paints the area of (4-connected) pixels around `start` that have its colour (within `tolerance` per channel). */
export function floodFill(raster: Raster, start: Point, color: Rgba, tolerance = 0): Raster {
  if (!inside(raster, start.x, start.y)) return raster;
  const target = getPixel(raster, start.x, start.y);
  if (target.every((channel, i) => channel === color[i])) return raster;
  const out = cloneRaster(raster);
  const { width, height, data } = out;
  const seen = new Uint8Array(width * height);
  const stack = [start.y * width + start.x];
  seen[stack[0]!] = 1;
  while (stack.length) {
    const index = stack.pop()!;
    data.set(color, index * 4);
    const x = index % width;
    const y = (index - x) / width;
    const neighbours = [x > 0 ? index - 1 : -1, x < width - 1 ? index + 1 : -1, y > 0 ? index - width : -1, y < height - 1 ? index + width : -1];
    for (const next of neighbours) {
      if (next >= 0 && !seen[next] && sameColor(raster.data, next * 4, target, tolerance)) {
        seen[next] = 1;
        stack.push(next);
      }
    }
  }
  return out;
}

export function crop(raster: Raster, rect: Rect): Raster {
  const out = createRaster(rect.width, rect.height);
  for (let y = 0; y < rect.height; y++) {
    const from = ((rect.y + y) * raster.width + rect.x) * 4;
    out.data.set(raster.data.subarray(from, from + rect.width * 4), y * rect.width * 4);
  }
  return out;
}

/** Scales to `width` × `height`: `pixels` keeps hard edges (nearest neighbour), `smooth` interpolates (bilinear). */
export function resize(raster: Raster, width: number, height: number, mode: 'pixels' | 'smooth'): Raster {
  const out = createRaster(width, height);
  const sx = raster.width / width;
  const sy = raster.height / height;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 4;
      if (mode === 'pixels') {
        const i = (Math.min(raster.height - 1, Math.floor((y + 0.5) * sy)) * raster.width + Math.min(raster.width - 1, Math.floor((x + 0.5) * sx))) * 4;
        out.data.set(raster.data.subarray(i, i + 4), o);
        continue;
      }
      const fx = Math.min(raster.width - 1, Math.max(0, (x + 0.5) * sx - 0.5));
      const fy = Math.min(raster.height - 1, Math.max(0, (y + 0.5) * sy - 0.5));
      const x0 = Math.floor(fx);
      const y0 = Math.floor(fy);
      const x1 = Math.min(raster.width - 1, x0 + 1);
      const y1 = Math.min(raster.height - 1, y0 + 1);
      const tx = fx - x0;
      const ty = fy - y0;
      for (let c = 0; c < 4; c++) {
        const at = (px: number, py: number) => raster.data[(py * raster.width + px) * 4 + c]!;
        const top = at(x0, y0) * (1 - tx) + at(x1, y0) * tx;
        const bottom = at(x0, y1) * (1 - tx) + at(x1, y1) * tx;
        out.data[o + c] = Math.round(top * (1 - ty) + bottom * ty);
      }
    }
  }
  return out;
}

/** Builds a raster of the given size where pixel (x, y) comes from `source(x, y)` of the input. */
function remap(raster: Raster, width: number, height: number, source: (x: number, y: number) => Point): Raster {
  const out = createRaster(width, height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const from = source(x, y);
      const i = (from.y * raster.width + from.x) * 4;
      out.data.set(raster.data.subarray(i, i + 4), (y * width + x) * 4);
    }
  }
  return out;
}

/** A quarter turn, clockwise or counter-clockwise; width and height swap. */
export function rotate90(raster: Raster, direction: 'clockwise' | 'counterclockwise'): Raster {
  const { width, height } = raster;
  return direction === 'clockwise'
    ? remap(raster, height, width, (x, y) => ({ x: y, y: height - 1 - x }))
    : remap(raster, height, width, (x, y) => ({ x: width - 1 - y, y: x }));
}

export function flip(raster: Raster, axis: 'horizontal' | 'vertical'): Raster {
  const { width, height } = raster;
  return axis === 'horizontal'
    ? remap(raster, width, height, (x, y) => ({ x: width - 1 - x, y }))
    : remap(raster, width, height, (x, y) => ({ x, y: height - 1 - y }));
}

/** Luma (ITU-R BT.601 weights) in every colour channel; transparency is kept. */
export function grayscale(raster: Raster): Raster {
  const out = cloneRaster(raster);
  const { data } = out;
  for (let i = 0; i < data.length; i += 4) {
    const luma = Math.round(0.299 * data[i]! + 0.587 * data[i + 1]! + 0.114 * data[i + 2]!);
    data[i] = luma;
    data[i + 1] = luma;
    data[i + 2] = luma;
  }
  return out;
}

/**
 * Blocks of `block` × `block` pixels take their average colour. Colours are weighted by alpha, so
 * transparent pixels (whose colour is invisible) do not darken a block's edge.
 */
export function pixelate(raster: Raster, block: number): Raster {
  const size = Math.max(1, Math.round(block));
  const out = createRaster(raster.width, raster.height);
  for (let by = 0; by < raster.height; by += size) {
    for (let bx = 0; bx < raster.width; bx += size) {
      let red = 0;
      let green = 0;
      let blue = 0;
      let alpha = 0;
      const yEnd = Math.min(raster.height, by + size);
      const xEnd = Math.min(raster.width, bx + size);
      for (let y = by; y < yEnd; y++) {
        for (let x = bx; x < xEnd; x++) {
          const i = (y * raster.width + x) * 4;
          const a = raster.data[i + 3]!;
          red += raster.data[i]! * a;
          green += raster.data[i + 1]! * a;
          blue += raster.data[i + 2]! * a;
          alpha += a;
        }
      }
      const count = (yEnd - by) * (xEnd - bx);
      const color: Rgba = alpha === 0 ? TRANSPARENT : [Math.round(red / alpha), Math.round(green / alpha), Math.round(blue / alpha), Math.round(alpha / count)];
      for (let y = by; y < yEnd; y++) for (let x = bx; x < xEnd; x++) put(out, x, y, color);
    }
  }
  return out;
}

/** Whether two rasters hold the same picture. */
export function sameRaster(a: Raster, b: Raster): boolean {
  if (a === b) return true;
  if (a.width !== b.width || a.height !== b.height) return false;
  for (let i = 0; i < a.data.length; i++) if (a.data[i] !== b.data[i]) return false;
  return true;
}
