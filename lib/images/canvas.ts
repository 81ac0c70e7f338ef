import { canvasSizeProblem, type CanvasFormat, IMAGE_MIME_TYPES, type ImageFormat } from './formats';
import type { Raster } from './raster';

/**
 * The browser's side of the image editor: decoding a file into a raster and encoding a raster
 * back into file bytes, both through a canvas (PNG is lossless; JPEG and WebP take a quality).
 */
export class ImageCodecError extends Error {}

function context(width: number, height: number): CanvasRenderingContext2D {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new ImageCodecError('This browser cannot draw on a canvas.');
  return ctx;
}

/** The first frame of an image file as a raster (an SVG is drawn at its own size). */
export async function decodeImage(bytes: Uint8Array<ArrayBuffer>, format: ImageFormat): Promise<Raster> {
  const url = URL.createObjectURL(new Blob([bytes], { type: IMAGE_MIME_TYPES[format] }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode().catch(() => {
      throw new ImageCodecError('This file could not be read as an image; it may be damaged.');
    });
    const width = image.naturalWidth;
    const height = image.naturalHeight;
    const problem = canvasSizeProblem(width, height);
    if (problem) throw new ImageCodecError(problem);
    const ctx = context(width, height);
    ctx.drawImage(image, 0, 0);
    const { data } = ctx.getImageData(0, 0, width, height);
    return { width, height, data };
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** Draws a raster into a 2D context (for the editor's visible canvas). */
export function paint(ctx: CanvasRenderingContext2D, raster: Raster): void {
  ctx.putImageData(new ImageData(raster.data, raster.width, raster.height), 0, 0);
}

/** The file bytes of a raster in `format`; `quality` (0–1) applies to JPEG and WebP. */
export async function encodeImage(raster: Raster, format: CanvasFormat, quality: number): Promise<Uint8Array<ArrayBuffer>> {
  const ctx = context(raster.width, raster.height);
  paint(ctx, raster);
  const type = IMAGE_MIME_TYPES[format];
  const blob = await new Promise<Blob | null>((resolve) => ctx.canvas.toBlob(resolve, type, quality));
  if (!blob) throw new ImageCodecError('The image could not be encoded.');
  // Browsers fall back to PNG for types they cannot write; that would silently change the file's format.
  if (blob.type !== type) throw new ImageCodecError(`This browser cannot write ${format.toUpperCase()} images. Save a PNG copy instead.`);
  return new Uint8Array(await blob.arrayBuffer());
}
