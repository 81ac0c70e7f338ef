import type { Page } from '@playwright/test';

/**
 * Visible text whose colour is too close to the background behind it (contrast below `minimum`, WCAG's
 * formula): the "dark text on a dark background" a theme must never produce. Colours are resolved by the
 * browser itself (a canvas turns any CSS colour, oklch included, into sRGB).
 */
export async function unreadableText(page: Page, minimum = 3): Promise<string[]> {
  return page.evaluate((min) => {
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = 1;
    const context = canvas.getContext('2d', { willReadFrequently: true })!;
    const rgba = (color: string): [number, number, number, number] => {
      context.clearRect(0, 0, 1, 1);
      context.fillStyle = color;
      context.fillRect(0, 0, 1, 1);
      const [r, g, b, a] = context.getImageData(0, 0, 1, 1).data;
      return [r!, g!, b!, a! / 255];
    };
    const luminance = ([r, g, b]: number[]) => {
      const [R, G, B] = [r!, g!, b!].map((v) => (v / 255 <= 0.03928 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4));
      return 0.2126 * R! + 0.7152 * G! + 0.0722 * B!;
    };
    /** The first opaque-enough background at or above the element. */
    const background = (element: Element | null): number[] => {
      for (let node = element; node; node = node.parentElement) {
        const color = rgba(getComputedStyle(node).backgroundColor);
        if (color[3] >= 0.5) return color;
      }
      return rgba(getComputedStyle(document.documentElement).colorScheme === 'dark' ? 'black' : 'white');
    };
    const problems: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent?.trim();
      const element = node.parentElement;
      if (!text || !element || !element.checkVisibility({ opacityProperty: true, visibilityProperty: true })) continue;
      if (element.closest('.sr-only, [aria-hidden="true"], canvas, svg')) continue;
      const style = getComputedStyle(element);
      if (parseFloat(style.opacity) < 0.5 || element.closest('[disabled]')) continue;
      const fg = luminance(rgba(style.color));
      const bg = luminance(background(element));
      const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
      if (ratio < min) problems.push(`${ratio.toFixed(2)}:1 "${text.slice(0, 40)}" (${element.tagName.toLowerCase()}.${element.className})`);
    }
    return problems;
  }, minimum);
}
