import type { PreviewKind } from '@/lib/code/file-kinds';
import { MAX_EDITABLE_BYTES } from '@/lib/code/limits';
import { blobUrl, formatBytes } from '@/lib/media/assets';

/** Images and sounds are shown, not edited; their bytes come through the repository-guarded blob route. */
export function MediaPreview({ owner, repo, path, sha, kind }: { owner: string; repo: string; path: string; sha: string; kind: PreviewKind }) {
  const src = blobUrl(owner, repo, sha, path);
  return (
    <figure className="flex h-full flex-col items-center justify-center gap-3 overflow-auto bg-[conic-gradient(#f1f5f9_25%,#fff_0_50%,#f1f5f9_0_75%,#fff_0)] bg-[length:16px_16px] p-6">
      {kind === 'image' ? (
        // eslint-disable-next-line @next/next/no-img-element -- repository files are shown as they are, not optimized.
        <img src={src} alt={`Preview of ${path}`} className="max-h-full max-w-full [image-rendering:pixelated]" />
      ) : (
        <audio controls src={src} aria-label={`Play ${path}`} />
      )}
      <figcaption className="rounded bg-white/80 dark:bg-slate-950/80 px-2 py-0.5 font-mono text-xs text-slate-700 dark:text-slate-300">{path}</figcaption>
    </figure>
  );
}

export function FileNotice({ title, detail }: { title: string; detail: string }) {
  return (
    <div role="note" className="flex h-full flex-col items-center justify-center gap-1 p-6 text-center">
      <p className="font-medium text-slate-800 dark:text-slate-200">{title}</p>
      <p className="text-sm text-slate-600 dark:text-slate-400">{detail}</p>
    </div>
  );
}

export function binaryNotice(size: number) {
  return { title: 'Binary file', detail: `This file is not text (${formatBytes(size)}), so it cannot be shown in the editor.` };
}

export function tooLargeNotice(size: number) {
  return { title: 'File too large', detail: `This file is ${formatBytes(size)}; files over ${formatBytes(MAX_EDITABLE_BYTES)} are not opened in the editor.` };
}
