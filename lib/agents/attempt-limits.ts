/** Attempts of one task at most (best-of-N); the route's schema enforces it, the form offers 1 to it. */
export const MAX_ATTEMPTS = 4;
