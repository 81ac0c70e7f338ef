/** Names for new workspace branches, generated in the browser before the user confirms. */

const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

/** A short random suffix that reads well in a URL (no look-alike characters). */
export function randomSuffix(length = 6): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  return Array.from(bytes, (byte) => ALPHABET[byte % ALPHABET.length]).join('');
}

/** `webedt/20261125-k3x9q2`: sortable by day, unique enough to never collide in practice. */
export function autoBranchName(now: Date = new Date()): string {
  const day = now.toISOString().slice(0, 10).replaceAll('-', '');
  return `webedt/${day}-${randomSuffix()}`;
}
