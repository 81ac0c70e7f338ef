/**
 * Deciding whether file bytes are text, without changing a single byte: a file is text when it is
 * valid UTF-8 without NUL characters. A byte-order mark is kept in the string (`ignoreBOM`), so
 * encoding the string again gives back the same bytes.
 */
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const encoder = new TextEncoder();

/** The text of `bytes`, or null when they are binary (not UTF-8, or containing NUL). */
export function decodeText(bytes: Uint8Array): string | null {
  if (bytes.includes(0)) return null;
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return null;
  }
}

export function encodeText(text: string): Uint8Array {
  return encoder.encode(text);
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Whether `text` can travel as a tree entry's inline `content`, which GitHub stores as its UTF-8
 * encoding. NUL, unpaired surrogates and a leading byte-order mark go as base64 blobs instead, so
 * nothing depends on how a JSON parser treats them.
 */
export function isInlineSafe(text: string): boolean {
  return !text.includes('\0') && !text.startsWith('\uFEFF') && !LONE_SURROGATE.test(text);
}

/**
 * The line separator that keeps `text` byte for byte in an editor that splits lines: CRLF when every
 * line ends with it, otherwise LF only (a stray CR then stays a character of its line).
 */
export function lineSeparatorOf(text: string): '\n' | '\r\n' {
  const crlf = text.split('\r\n').length - 1;
  if (crlf === 0) return '\n';
  const lf = text.split('\n').length - 1;
  const cr = text.split('\r').length - 1;
  return crlf === lf && crlf === cr ? '\r\n' : '\n';
}
