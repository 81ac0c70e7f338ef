/** Notices every workspace editor shows the same way. */

/** Why the user can look but not change (read-only access); nothing when they can change. */
export function ReadOnlyNote({ reason }: { reason: string | null }) {
  if (!reason) return null;
  return (
    <p role="note" className="border-b border-amber-200 dark:border-amber-800 bg-amber-50 dark:bg-amber-950 px-4 py-2 text-sm text-amber-900 dark:text-amber-100">
      <strong className="font-semibold">Viewing only:</strong> {reason}
    </p>
  );
}

/** The branch's files could not be listed: why, and a way to try again. */
export function ListingFailure({ what, error, onRetry }: { what: string; error: string | null; onRetry: () => void }) {
  return (
    <div role="alert" className="m-6 rounded-md bg-red-50 dark:bg-red-950 px-4 py-3 text-sm text-red-800 dark:text-red-200">
      <p>
        Could not load the {what} of this branch: {error}
      </p>
      <button type="button" onClick={onRetry} className="mt-2 rounded-md border border-red-300 dark:border-red-700 bg-white dark:bg-slate-950 px-3 py-1 font-medium">
        Try again
      </button>
    </div>
  );
}
