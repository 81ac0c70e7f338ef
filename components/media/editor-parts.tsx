import type { LoadState } from './use-media-editor';

/** Pieces the image and sound editors show the same way. */

/** What an image or sound editor shows until its file is loaded, or why it could not be. */
export function EditorLoadState({ title, load }: { title: string; load: LoadState }) {
  return load.state === 'error' ? (
    <p role="alert" className="m-6 rounded-md bg-red-50 px-4 py-3 text-sm text-red-800">
      Could not open {title}: {load.message}
    </p>
  ) : (
    <p role="status" className="p-6 text-center text-sm text-slate-600">
      Loading {title}…
    </p>
  );
}

/** Why the editor saves to another file than the one open (GIF, SVG, MP3, OGG). */
export function SaveNote({ note }: { note: string | null }) {
  if (!note) return null;
  return (
    <p role="note" className="border-b border-sky-200 bg-sky-50 px-4 py-2 text-sm text-sky-900">
      {note}
    </p>
  );
}
