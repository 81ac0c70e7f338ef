'use client';

import { useMemo, useSyncExternalStore } from 'react';

/** The colours canvases draw with, as the theme defines them (custom properties in app/globals.css). */
const PROPERTIES = {
  grid: '--canvas-grid',
  axis: '--canvas-axis',
  frame: '--canvas-frame',
  accent: '--canvas-accent',
  selectionFill: '--canvas-selection-fill',
  wave: '--canvas-wave',
  waveProgress: '--canvas-wave-progress',
} as const;

export type CanvasColors = Record<keyof typeof PROPERTIES, string>;

/** Reads the colours now: a canvas's fillStyle does not understand `var(…)`, so drawing code needs the values. */
export function readCanvasColors(): CanvasColors {
  const style = getComputedStyle(document.documentElement);
  return Object.fromEntries(Object.entries(PROPERTIES).map(([key, property]) => [key, style.getPropertyValue(property).trim()])) as CanvasColors;
}

// next-themes switches the theme by the class of <html>.
function subscribe(onChange: () => void) {
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['class'] });
  return () => observer.disconnect();
}
const themeClass = () => document.documentElement.className;
const noThemeClass = () => null;

/**
 * The canvas colours of the current theme, read again whenever the theme changes, so that what a
 * canvas drew (which CSS cannot restyle) is drawn again in the new colours. Null before the browser
 * renders: canvases draw only there.
 */
export function useCanvasColors(): CanvasColors | null {
  const theme = useSyncExternalStore(subscribe, themeClass, noThemeClass);
  // Keyed by the theme's class: reading computed styles on every render would be wasted work.
  return useMemo(() => (theme === null ? null : readCanvasColors()), [theme]);
}
