'use client';

import { useSyncExternalStore } from 'react';

const noSubscription = () => () => {};

/**
 * False while the server-rendered page is not yet running in the browser, true once it is:
 * controls that only work with JavaScript (drop, paste, recording) are offered from then on.
 */
export function useInteractive(): boolean {
  return useSyncExternalStore(noSubscription, () => true, () => false);
}
