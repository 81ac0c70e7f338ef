'use client';

import { useEffect, useSyncExternalStore } from 'react';

/**
 * Images of sprites, loaded once per URL (blob URLs name content, so they never go stale) and
 * shared by every sprite that shows them.
 */
export type LoadedImage = { status: 'loading' } | { status: 'ready'; image: HTMLImageElement } | { status: 'failed' };

const images = new Map<string, LoadedImage>();
const listeners = new Set<() => void>();
const LOADING: LoadedImage = { status: 'loading' };
const FAILED: LoadedImage = { status: 'failed' };

function load(url: string): LoadedImage {
  const known = images.get(url);
  if (known) return known;
  images.set(url, LOADING);
  const image = new Image();
  const settle = (state: LoadedImage) => {
    images.set(url, state);
    for (const listener of listeners) listener();
  };
  image.onload = () => settle({ status: 'ready', image });
  image.onerror = () => settle(FAILED);
  image.src = url;
  return LOADING;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The image at `url` (null: there is none to load). */
export function useImage(url: string | null): LoadedImage {
  useEffect(() => {
    if (url) load(url);
  }, [url]);
  return useSyncExternalStore(
    subscribe,
    () => (url ? (images.get(url) ?? LOADING) : FAILED),
    () => LOADING,
  );
}

/** The natural size of the image at `url`, once it loaded. */
export function imageSize(url: string): Promise<{ width: number; height: number }> {
  return new Promise((resolve, reject) => {
    const current = load(url);
    if (current.status === 'ready') return resolve({ width: current.image.naturalWidth, height: current.image.naturalHeight });
    if (current.status === 'failed') return reject(new Error('The image could not be loaded.'));
    const stop = subscribe(() => {
      const state = images.get(url);
      if (state?.status === 'ready') {
        stop();
        resolve({ width: state.image.naturalWidth, height: state.image.naturalHeight });
      } else if (state?.status === 'failed') {
        stop();
        reject(new Error('The image could not be loaded.'));
      }
    });
  });
}
