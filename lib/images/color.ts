/** Colours as the canvas stores them: red, green, blue, alpha, each 0–255. */
export type Rgba = readonly [number, number, number, number];

export const TRANSPARENT: Rgba = [0, 0, 0, 0];

/** `#rgb`, `#rrggbb` or `#rrggbbaa` → RGBA; null when it is none of these. */
export function parseHexColor(text: string): Rgba | null {
  const hex = text.trim().replace(/^#/, '');
  if (!/^([0-9a-f]{3}|[0-9a-f]{6}|[0-9a-f]{8})$/i.test(hex)) return null;
  const full = hex.length === 3 ? [...hex].map((digit) => digit + digit).join('') : hex;
  const channel = (i: number) => Number.parseInt(full.slice(i * 2, i * 2 + 2), 16);
  return [channel(0), channel(1), channel(2), full.length === 8 ? channel(3) : 255];
}

/** `#rrggbb` (the form an `<input type="color">` takes); alpha is dropped. */
export function toHexColor([r, g, b]: Rgba): string {
  return `#${[r, g, b].map((channel) => channel.toString(16).padStart(2, '0')).join('')}`;
}
