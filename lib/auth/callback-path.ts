/**
 * Where sign-in may send someone afterwards: a path on this site. `//host` and `/\host` are other
 * sites to a browser, and control characters have no place in a path.
 */
export function isSameSitePath(value: string): boolean {
  return value.startsWith('/') && !value.startsWith('//') && !/[\\\u0000-\u001f\u007f]/.test(value);
}

/** The path to return to after sign-in; anything but a same-site path returns to the agents list. */
export function callbackPath(value: unknown): string {
  return typeof value === 'string' && isSameSitePath(value) ? value : '/agents';
}
