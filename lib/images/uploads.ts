import { repoPathProblem } from '@/lib/github/paths';
import { fileTimestamp, formatBytes, joinPath } from '@/lib/media/assets';
import { MAX_ASSET_BYTES } from '@/lib/media/limits';
import { FORMAT_EXTENSIONS, type ImageFormat, imageFormatOf, sniffImageFormat } from './formats';

/**
 * Images added by upload, drag-and-drop or paste wait in the browser until they are committed.
 * Each is checked when it arrives: its bytes must be an image we keep, within the size limit, and
 * its name gets the extension of what it really is.
 */
export type UploadCheck = { ok: true; name: string; format: ImageFormat } | { ok: false; problem: string };

/** `pasted-20250102-030405.png`: clipboard images all arrive as "image.png". */
export function pastedName(at: Date, format: ImageFormat): string {
  return `pasted-${fileTimestamp(at)}.${FORMAT_EXTENSIONS[format]}`;
}

export function checkUpload(fileName: string, bytes: Uint8Array, source: 'file' | 'paste', at: Date): UploadCheck {
  const label = source === 'paste' ? 'The pasted image' : fileName || 'The file';
  if (bytes.length === 0) return { ok: false, problem: `${label} is empty.` };
  if (bytes.length > MAX_ASSET_BYTES) return { ok: false, problem: `${label} is ${formatBytes(bytes.length)}; images can be at most ${formatBytes(MAX_ASSET_BYTES)}.` };
  const format = sniffImageFormat(bytes);
  if (!format) return { ok: false, problem: `${label} is not a PNG, JPEG, GIF, WebP or SVG image.` };
  if (source === 'paste') return { ok: true, name: pastedName(at, format), format };
  const clean = fileName.replace(/[\\/]/g, '_').trim() || `image.${FORMAT_EXTENSIONS[format]}`;
  if (imageFormatOf(clean) === format) return { ok: true, name: clean, format };
  const dot = clean.lastIndexOf('.');
  const stem = dot > 0 ? clean.slice(0, dot) : clean;
  return { ok: true, name: `${stem}.${FORMAT_EXTENSIONS[format]}`, format };
}

/** Why `name` in `folder` cannot be added, or null. `taken` holds the branch's paths and the other pending ones. */
export function uploadPathProblem(folder: string, name: string, format: ImageFormat, taken: ReadonlySet<string>): string | null {
  if (!name.trim()) return 'Give the image a name.';
  if (name.includes('/')) return 'A name cannot contain "/"; choose the folder instead.';
  const path = joinPath(folder, name);
  const problem = repoPathProblem(path);
  if (problem) return problem;
  if (imageFormatOf(name) !== format) return `The name must end in .${FORMAT_EXTENSIONS[format]}${format === 'jpeg' ? ' or .jpeg' : ''}: the file is ${format.toUpperCase()}.`;
  if (taken.has(path)) return `${path} already exists; choose another name.`;
  return null;
}
