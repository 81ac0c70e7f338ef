import { describe, expect, it } from 'vitest';
import { keyLabel, matches, shortcuts } from '@/components/command-palette/shortcuts';

/** A key press as the browser reports it. */
const press = (key: string, modifiers: Partial<Pick<KeyboardEvent, 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>> = {}) =>
  ({ key, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...modifiers }) as KeyboardEvent;

describe('keyboard shortcuts', () => {
  it('Control is Ctrl or ⌘, Shift must be as written for letters, Alt never matches', () => {
    expect(matches(press('k', { ctrlKey: true }), shortcuts.palette)).toBe(true);
    expect(matches(press('k', { metaKey: true }), shortcuts.palette)).toBe(true);
    expect(matches(press('P', { ctrlKey: true, shiftKey: true }), shortcuts.palette)).toBe(true);
    expect(matches(press('P', { ctrlKey: true, shiftKey: true }), shortcuts.goToFile)).toBe(false);
    expect(matches(press('p', { ctrlKey: true }), shortcuts.goToFile)).toBe(true);
    expect(matches(press('k'), shortcuts.palette)).toBe(false);
    expect(matches(press('k', { ctrlKey: true, altKey: true }), shortcuts.palette)).toBe(false);
    expect(matches(press('Z', { ctrlKey: true, shiftKey: true }), shortcuts.undo)).toBe(false);
    expect(matches(press('Z', { ctrlKey: true, shiftKey: true }), shortcuts.redo)).toBe(true);
  });

  it('symbols match with or without Shift (keyboard layouts differ), but not with Ctrl', () => {
    expect(matches(press('?', { shiftKey: true }), shortcuts.help)).toBe(true);
    expect(matches(press('?'), shortcuts.help)).toBe(true);
    expect(matches(press('?', { ctrlKey: true }), shortcuts.help)).toBe(false);
    expect(matches(press('/'), shortcuts.help)).toBe(false);
    expect(matches(press('+', { shiftKey: true }), shortcuts.zoomIn)).toBe(true);
    expect(matches(press(' '), shortcuts.playPause)).toBe(true);
    expect(matches(press('ArrowUp', { shiftKey: true }), shortcuts.nudge)).toBe(true);
  });

  it('shows keys as the palette does', () => {
    expect(keyLabel('Control+Shift+P')).toBe('Ctrl Shift P');
    expect(keyLabel('ArrowLeft')).toBe('Left');
    expect(keyLabel('?')).toBe('?');
    expect(keyLabel('Plus')).toBe('+');
  });
});
