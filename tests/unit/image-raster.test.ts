import { describe, expect, it } from 'vitest';
import { parseHexColor, type Rgba, toHexColor } from '@/lib/images/color';
import {
  createRaster,
  crop,
  drawEllipse,
  drawLine,
  drawRect,
  flip,
  floodFill,
  getPixel,
  grayscale,
  linePixels,
  paintStroke,
  pixelate,
  type Raster,
  resize,
  rotate90,
  sameRaster,
  spanRect,
} from '@/lib/images/raster';

const RED: Rgba = [255, 0, 0, 255];
const BLUE: Rgba = [0, 0, 255, 255];
const CLEAR: Rgba = [0, 0, 0, 0];

/** A raster from rows of characters, e.g. ['r.', '.b'] with a palette. */
function art(rows: string[], palette: Record<string, Rgba>): Raster {
  const raster = createRaster(rows[0]!.length, rows.length);
  rows.forEach((row, y) => [...row].forEach((ch, x) => raster.data.set(palette[ch] ?? CLEAR, (y * raster.width + x) * 4)));
  return raster;
}

/** The raster back as rows of palette characters ('?' for colours not in it). */
function rows(raster: Raster, palette: Record<string, Rgba>): string[] {
  const out: string[] = [];
  for (let y = 0; y < raster.height; y++) {
    let row = '';
    for (let x = 0; x < raster.width; x++) {
      const pixel = getPixel(raster, x, y);
      row += Object.entries(palette).find(([, color]) => color.every((c, i) => c === pixel[i]))?.[0] ?? '?';
    }
    out.push(row);
  }
  return out;
}

const palette = { r: RED, b: BLUE, '.': CLEAR };

describe('colours', () => {
  it('parses #rgb, #rrggbb and #rrggbbaa and writes #rrggbb', () => {
    expect(parseHexColor('#f00')).toEqual([255, 0, 0, 255]);
    expect(parseHexColor('12ab34')).toEqual([0x12, 0xab, 0x34, 255]);
    expect(parseHexColor('#00000080')).toEqual([0, 0, 0, 128]);
    expect(parseHexColor('#12')).toBeNull();
    expect(parseHexColor('red')).toBeNull();
    expect(toHexColor([0x12, 0xab, 0x04, 10])).toBe('#12ab04');
  });
});

describe('painting', () => {
  it('draws a one-pixel stroke through every point, joining gaps, without touching the input', () => {
    const blank = createRaster(5, 3);
    const painted = paintStroke(blank, [{ x: 0, y: 0 }, { x: 4, y: 0 }, { x: 4, y: 2 }], 1, RED);
    expect(rows(painted, palette)).toEqual(['rrrrr', '....r', '....r']);
    expect(rows(blank, palette)).toEqual(['.....', '.....', '.....']);
  });

  it('uses a round brush: size 3 is a 3×3 block, size 4 leaves the corners out', () => {
    expect(rows(paintStroke(createRaster(5, 5), [{ x: 2, y: 2 }], 3, RED), palette)).toEqual(['.....', '.rrr.', '.rrr.', '.rrr.', '.....']);
    expect(rows(paintStroke(createRaster(6, 6), [{ x: 2, y: 2 }], 4, RED), palette)).toEqual(['......', '..rr..', '.rrrr.', '.rrrr.', '..rr..', '......']);
  });

  it('erases to full transparency and ignores pixels outside the image', () => {
    const full = createRaster(3, 2, BLUE);
    const erased = paintStroke(full, [{ x: -1, y: 0 }, { x: 1, y: 0 }], 1, CLEAR);
    expect(rows(erased, palette)).toEqual(['..b', 'bbb']);
  });

  it('traces lines with Bresenham in every direction', () => {
    expect(linePixels({ x: 0, y: 0 }, { x: 3, y: 1 })).toEqual([{ x: 0, y: 0 }, { x: 1, y: 0 }, { x: 2, y: 1 }, { x: 3, y: 1 }]);
    expect(linePixels({ x: 2, y: 2 }, { x: 2, y: 0 })).toEqual([{ x: 2, y: 2 }, { x: 2, y: 1 }, { x: 2, y: 0 }]);
    expect(rows(drawLine(createRaster(3, 3), { x: 2, y: 0 }, { x: 0, y: 2 }, 1, RED), palette)).toEqual(['..r', '.r.', 'r..']);
  });
});

describe('shapes', () => {
  it('draws rectangle outlines and filled rectangles from any two corners', () => {
    const outline = drawRect(createRaster(5, 4), { x: 4, y: 3 }, { x: 0, y: 0 }, { color: RED, filled: false, lineWidth: 1 });
    expect(rows(outline, palette)).toEqual(['rrrrr', 'r...r', 'r...r', 'rrrrr']);
    const filled = drawRect(createRaster(4, 3), { x: 1, y: 0 }, { x: 2, y: 1 }, { color: BLUE, filled: true, lineWidth: 1 });
    expect(rows(filled, palette)).toEqual(['.bb.', '.bb.', '....']);
  });

  it('draws ellipses inscribed in the box, hollow or filled', () => {
    const filled = drawEllipse(createRaster(5, 5), { x: 0, y: 0 }, { x: 4, y: 4 }, { color: RED, filled: true, lineWidth: 1 });
    expect(rows(filled, palette)).toEqual(['.rrr.', 'rrrrr', 'rrrrr', 'rrrrr', '.rrr.']);
    const hollow = drawEllipse(createRaster(5, 5), { x: 0, y: 0 }, { x: 4, y: 4 }, { color: RED, filled: false, lineWidth: 1 });
    expect(rows(hollow, palette)).toEqual(['.rrr.', 'r...r', 'r...r', 'r...r', '.rrr.']);
  });

  it('clips a span to the image, and says when nothing is left', () => {
    const raster = createRaster(4, 4);
    expect(spanRect(raster, { x: 3, y: 5 }, { x: -2, y: 1 })).toEqual({ x: 0, y: 1, width: 4, height: 3 });
    expect(spanRect(raster, { x: 5, y: 5 }, { x: 9, y: 9 })).toBeNull();
  });
});

describe('flood fill', () => {
  const maze = art(['..b..', '..b..', 'bbb..', '.....'], palette);

  it('fills the 4-connected area of the start colour only', () => {
    expect(rows(floodFill(maze, { x: 0, y: 0 }, RED), palette)).toEqual(['rrb..', 'rrb..', 'bbb..', '.....']);
    expect(rows(floodFill(maze, { x: 4, y: 0 }, RED), palette)).toEqual(['..brr', '..brr', 'bbbrr', 'rrrrr']);
  });

  it('does not leak through diagonal gaps', () => {
    const diagonal = art(['.b', 'b.'], palette);
    expect(rows(floodFill(diagonal, { x: 0, y: 0 }, RED), palette)).toEqual(['rb', 'b.']);
  });

  it('honours a tolerance, and returns the same raster when nothing changes', () => {
    const shades = createRaster(3, 1);
    shades.data.set([100, 100, 100, 255, 104, 100, 100, 255, 120, 100, 100, 255]);
    expect(rows(floodFill(shades, { x: 0, y: 0 }, RED, 5), palette)).toEqual(['rr?']);
    expect(floodFill(maze, { x: 2, y: 0 }, BLUE)).toBe(maze);
    expect(floodFill(maze, { x: 9, y: 0 }, RED)).toBe(maze);
  });
});

describe('geometry', () => {
  const sample = art(['rb.', '..b'], palette);

  it('crops to a rectangle', () => {
    expect(rows(crop(sample, { x: 1, y: 0, width: 2, height: 2 }), palette)).toEqual(['b.', '.b']);
  });

  it('rotates a quarter turn each way, swapping width and height', () => {
    const clockwise = rotate90(sample, 'clockwise');
    expect([clockwise.width, clockwise.height]).toEqual([2, 3]);
    expect(rows(clockwise, palette)).toEqual(['.r', '.b', 'b.']);
    expect(rows(rotate90(sample, 'counterclockwise'), palette)).toEqual(['.b', 'b.', 'r.']);
    expect(sameRaster(rotate90(clockwise, 'counterclockwise'), sample)).toBe(true);
  });

  it('flips horizontally and vertically', () => {
    expect(rows(flip(sample, 'horizontal'), palette)).toEqual(['.br', 'b..']);
    expect(rows(flip(sample, 'vertical'), palette)).toEqual(['..b', 'rb.']);
  });

  it('resizes with hard pixels (nearest) or smoothly (bilinear)', () => {
    const doubled = resize(art(['rb'], palette), 4, 2, 'pixels');
    expect(rows(doubled, palette)).toEqual(['rrbb', 'rrbb']);
    expect(rows(resize(doubled, 2, 1, 'pixels'), palette)).toEqual(['rb']);
    const gradient = resize(art(['rb'], palette), 4, 1, 'smooth');
    expect(getPixel(gradient, 0, 0)).toEqual([255, 0, 0, 255]);
    expect(getPixel(gradient, 1, 0)).toEqual([191, 0, 64, 255]);
    expect(getPixel(gradient, 3, 0)).toEqual([0, 0, 255, 255]);
  });
});

describe('filters', () => {
  it('turns colours into their luma and keeps alpha', () => {
    const raster = createRaster(2, 1);
    raster.data.set([255, 0, 0, 255, 10, 200, 30, 7]);
    const gray = grayscale(raster);
    expect(getPixel(gray, 0, 0)).toEqual([76, 76, 76, 255]);
    expect(getPixel(gray, 1, 0)).toEqual([124, 124, 124, 7]);
  });

  it('pixelates blocks to their alpha-weighted average colour, including partial blocks at the edges', () => {
    const raster = art(['rb.', 'rb.', '..b'], palette);
    const out = pixelate(raster, 2);
    expect(getPixel(out, 0, 0)).toEqual([128, 0, 128, 255]);
    expect(getPixel(out, 1, 1)).toEqual([128, 0, 128, 255]);
    // The right column's top block is transparent; its bottom-right pixel is its own block.
    expect(getPixel(out, 2, 0)).toEqual([0, 0, 0, 0]);
    expect(getPixel(out, 2, 2)).toEqual(BLUE);
    // Half-covered block: the colour of the opaque pixel, half the opacity.
    expect(getPixel(out, 0, 2)).toEqual([0, 0, 0, 0]);
    const half = pixelate(art(['r.'], palette), 2);
    expect(getPixel(half, 1, 0)).toEqual([255, 0, 0, 128]);
  });
});
