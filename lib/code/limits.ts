/**
 * Size limits of the code editor. A commit travels as one server-action request, which Next.js
 * (and the middleware in front of it) cap at 10 MB, so staged text stays well below that.
 */
export const MAX_FILE_TEXT_BYTES = 5 * 1024 * 1024;
export const MAX_COMMIT_BYTES = 6 * 1024 * 1024;
/** Larger files are not loaded into the editor. */
export const MAX_EDITABLE_BYTES = 5 * 1024 * 1024;
