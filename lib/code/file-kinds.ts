import { baseName } from '@/lib/github/paths';

/** What a file is by its name: how the editor shows it, its icon, and the type it is served with. */
export function extensionOf(path: string): string {
  const name = baseName(path).toLowerCase();
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1) : '';
}

const imageTypes: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  bmp: 'image/bmp',
  ico: 'image/x-icon',
  svg: 'image/svg+xml',
  avif: 'image/avif',
};

const audioTypes: Record<string, string> = {
  wav: 'audio/wav',
  ogg: 'audio/ogg',
  oga: 'audio/ogg',
  mp3: 'audio/mpeg',
  flac: 'audio/flac',
  m4a: 'audio/mp4',
  aac: 'audio/aac',
  opus: 'audio/ogg',
};

export type PreviewKind = 'image' | 'audio';

/** Files shown as a picture or a player rather than as text. */
export function previewKind(path: string): PreviewKind | null {
  const extension = extensionOf(path);
  if (extension in imageTypes) return 'image';
  if (extension in audioTypes) return 'audio';
  return null;
}

/** The media type a previewed file is served with; anything else is a download. */
export function mediaType(path: string): string {
  const extension = extensionOf(path);
  return imageTypes[extension] ?? audioTypes[extension] ?? 'application/octet-stream';
}

export interface FileIcon {
  label: string;
  /** Tailwind classes for the badge. */
  className: string;
}

const icons: Array<{ extensions: string[]; icon: FileIcon }> = [
  { extensions: ['ts', 'tsx', 'mts', 'cts'], icon: { label: 'TS', className: 'bg-blue-600 text-white' } },
  { extensions: ['js', 'jsx', 'mjs', 'cjs'], icon: { label: 'JS', className: 'bg-yellow-300 text-slate-900' } },
  { extensions: ['json'], icon: { label: '{}', className: 'bg-amber-100 text-amber-800' } },
  { extensions: ['lua'], icon: { label: 'LU', className: 'bg-indigo-800 text-white' } },
  { extensions: ['cs'], icon: { label: 'C#', className: 'bg-violet-700 text-white' } },
  { extensions: ['py'], icon: { label: 'PY', className: 'bg-sky-700 text-yellow-200' } },
  { extensions: ['md', 'markdown'], icon: { label: 'MD', className: 'bg-slate-600 text-white' } },
  { extensions: ['html', 'htm'], icon: { label: '<>', className: 'bg-orange-600 text-white' } },
  { extensions: ['css'], icon: { label: '#', className: 'bg-sky-500 text-white' } },
  { extensions: ['yml', 'yaml'], icon: { label: 'YM', className: 'bg-rose-700 text-white' } },
  { extensions: Object.keys(imageTypes), icon: { label: 'IMG', className: 'bg-emerald-600 text-white' } },
  { extensions: Object.keys(audioTypes), icon: { label: 'SND', className: 'bg-pink-600 text-white' } },
];

const plainIcon: FileIcon = { label: '·', className: 'bg-slate-200 text-slate-700' };

export function fileIcon(path: string): FileIcon {
  const extension = extensionOf(path);
  return icons.find((entry) => entry.extensions.includes(extension))?.icon ?? plainIcon;
}
