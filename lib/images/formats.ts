import { extensionOf } from '@/lib/code/file-kinds';

/** The image files the Images editor lists, and what it can do with each kind. */
export const IMAGE_EXTENSIONS = ['png', 'jpg', 'jpeg', 'gif', 'webp', 'svg'] as const;

export type ImageFormat = 'png' | 'jpeg' | 'gif' | 'webp' | 'svg';

const formatByExtension: Record<string, ImageFormat> = { png: 'png', jpg: 'jpeg', jpeg: 'jpeg', gif: 'gif', webp: 'webp', svg: 'svg' };

export const IMAGE_MIME_TYPES: Record<ImageFormat, string> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  svg: 'image/svg+xml',
};

export const FORMAT_EXTENSIONS: Record<ImageFormat, string> = { png: 'png', jpeg: 'jpg', gif: 'gif', webp: 'webp', svg: 'svg' };

export function imageFormatOf(path: string): ImageFormat | null {
  return formatByExtension[extensionOf(path)] ?? null;
}

/** Formats a canvas writes back as they are. JPEG and WebP are lossy: they are saved with a chosen quality. */
export type CanvasFormat = 'png' | 'jpeg' | 'webp';

export function isCanvasFormat(format: ImageFormat): format is CanvasFormat {
  return format === 'png' || format === 'jpeg' || format === 'webp';
}

/**
 * Why a format is not edited in place: a canvas keeps one frame of pixels, so an animated GIF
 * would lose its frames and an SVG its vectors. Such files are edited as a PNG copy instead.
 */
export function notEditableReason(format: ImageFormat): string | null {
  if (format === 'gif') return 'GIF files can be animated, and the canvas keeps only the first frame, so a GIF is not overwritten: your edit is saved as a new PNG file next to it.';
  if (format === 'svg') return 'SVG files are vector drawings, and the canvas works on pixels, so an SVG is not overwritten: your edit is saved as a new PNG file next to it.';
  return null;
}

/** Larger pictures are not opened on the canvas (memory: every undo step keeps a copy). */
export const MAX_CANVAS_SIDE = 4096;
export const MAX_CANVAS_PIXELS = 16 * 1024 * 1024;

export function canvasSizeProblem(width: number, height: number): string | null {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) return 'An image must be at least 1 × 1 pixels.';
  if (width > MAX_CANVAS_SIDE || height > MAX_CANVAS_SIDE) return `Images up to ${MAX_CANVAS_SIDE} × ${MAX_CANVAS_SIDE} pixels can be edited; this one is ${width} × ${height}.`;
  if (width * height > MAX_CANVAS_PIXELS) return `Images up to ${MAX_CANVAS_PIXELS / 1024 / 1024} megapixels can be edited; this one is ${width} × ${height}.`;
  return null;
}

const startsWith = (bytes: Uint8Array, signature: number[], offset = 0) => signature.every((byte, i) => bytes[offset + i] === byte);

/** What an uploaded file really is, by its first bytes (names and browsers' types can lie); null if it is no image we keep. */
export function sniffImageFormat(bytes: Uint8Array): ImageFormat | null {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38])) return 'gif';
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) return 'webp';
  const head = new TextDecoder().decode(bytes.subarray(0, 1024)).replace(/^\uFEFF/, '').trimStart();
  if (/^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!DOCTYPE svg[^>]*>\s*)?<svg[\s>]/i.test(head)) return 'svg';
  return null;
}
