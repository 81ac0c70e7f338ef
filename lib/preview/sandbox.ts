/**
 * What a previewed page may do: run scripts, submit forms, open popups; never `allow-same-origin`,
 * so it always runs in an opaque origin (no cookies or storage of any real origin, and its requests
 * to the app are cross-site). The preview frame and every preview response (CSP) use the same flags.
 */
export const PREVIEW_SANDBOX_FLAGS = 'allow-scripts allow-forms allow-popups';
