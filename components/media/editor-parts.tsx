import type { LoadState } from './use-media-editor';

/** Pieces the image and sound editors show the same way. */

/** What an image or sound editor shows until its file is loaded, or why it could not be. */
export function EditorLoadState({ title, load }: { title: string; load: LoadState }) {
  return load.state === 'error' ? (
    <p role="alert" className="m-6 rounded-md bg-red-50 dark:bg-red-950 px-4 py-3 text-sm text-red-800 dark:text-red-200">
      Could not open {title}: {load.message}
    </p>
  ) : (
    <p role="status" className="p-6 text-center text-sm text-slate-600 dark:text-slate-400">
      Loading {title}…
    </p>
  );
}

/** Why the editor saves to another file than the one open (GIF, SVG, MP3, OGG). */
export function SaveNote({ note }: { note: string | null }) {
  if (!note) return null;
  return (
    <p role="note" className="border-b border-sky-200 dark:border-sky-800 bg-sky-50 dark:bg-sky-950 px-4 py-2 text-sm text-sky-900 dark:text-sky-100">
      {note}
    </p>
  );
}
