/** Notices every editor of a branch shows the same way. */

/** Why the user can look but not change (read-only access). */
export function ReadOnlyNote({ reason }: { reason: string }) {
  return (
    <p role="note" className="border-b border-amber-200 bg-amber-50 px-4 py-2 text-sm text-amber-900">
      <strong className="font-semibold">Viewing only:</strong> {reason}
    </p>
  );
}

/** The branch's file list could not be read; `onRetry` reads it again. */
export function TreeLoadError({ message, onRetry }: { message: string | null; onRetry: () => void }) {
  return (
    <div role="alert" className="m-6 rounded-md bg-red-50 px-4 py-3 text-sm text-red-800">
      <p>Could not load the files of this branch: {message}</p>
      <button type="button" onClick={onRetry} className="mt-2 rounded-md border border-red-300 bg-white px-3 py-1 font-medium">
        Try again
      </button>
    </div>
  );
}
