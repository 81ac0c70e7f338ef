import { TOOLS } from '@/components/images/image-toolbar';

/**
 * The workspace's keyboard shortcuts in one place: the command palette and the editors bind and show
 * theirs from here, and the shortcuts help (?) lists them, so the list says what the keys really do.
 */
export interface Shortcut {
  /** As aria-keyshortcuts writes them ("Control+Shift+P", "Plus" for +); Control also stands for ⌘ (Meta). */
  keys: readonly string[];
  /** What it does, as the help says it. */
  does: string;
}

export const shortcuts = {
  palette: { keys: ['Control+K', 'Control+Shift+P'], does: 'Open the command palette' },
  goToFile: { keys: ['Control+P'], does: 'Go to file' },
  help: { keys: ['?'], does: 'Show the keyboard shortcuts' },
  commit: { keys: ['Control+S'], does: 'Commit: the staged changes (Code), the open file (Images, Sounds, Scenes)' },
  undo: { keys: ['Control+Z'], does: 'Undo (Images, Sounds, Scenes)' },
  redo: { keys: ['Control+Shift+Z', 'Control+Y'], does: 'Redo (Images, Sounds, Scenes)' },
  selectAll: { keys: ['Control+A'], does: 'Select every object' },
  deselect: { keys: ['Escape'], does: 'Select nothing' },
  group: { keys: ['Control+G'], does: 'Group the selected objects' },
  ungroup: { keys: ['Control+Shift+G'], does: 'Ungroup the selected group' },
  deleteSelection: { keys: ['Delete', 'Backspace'], does: 'Delete the selected objects' },
  nudge: { keys: ['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown'], does: 'Move the selection by 1 (with Shift: by the grid)' },
  zoomIn: { keys: ['Plus', '='], does: 'Zoom in' },
  zoomOut: { keys: ['-'], does: 'Zoom out' },
  crop: { keys: ['Enter'], does: 'Crop to the selection' },
  clearSelection: { keys: ['Escape'], does: 'Clear the selection' },
  playPause: { keys: ['Space'], does: 'Play or pause' },
  deleteRange: { keys: ['Delete', 'Backspace'], does: 'Delete the selected part' },
} as const satisfies Record<string, Shortcut>;

export const shortcutGroups: ReadonlyArray<{ heading: string; shortcuts: readonly Shortcut[] }> = [
  { heading: 'Anywhere', shortcuts: [shortcuts.palette, shortcuts.goToFile, shortcuts.help] },
  { heading: 'Editors', shortcuts: [shortcuts.commit, shortcuts.undo, shortcuts.redo] },
  {
    heading: 'Scene editor',
    shortcuts: [shortcuts.selectAll, shortcuts.deselect, shortcuts.group, shortcuts.ungroup, shortcuts.deleteSelection, shortcuts.nudge],
  },
  {
    heading: 'Image editor',
    shortcuts: [
      ...TOOLS.map((tool) => ({ keys: [tool.key.toUpperCase()], does: tool.label })),
      shortcuts.zoomIn,
      shortcuts.zoomOut,
      shortcuts.crop,
      shortcuts.clearSelection,
    ],
  },
  { heading: 'Sound editor', shortcuts: [shortcuts.playPause, shortcuts.deleteRange, shortcuts.clearSelection] },
];

function parse(key: string) {
  const parts = key.split('+');
  const name = parts.at(-1)!.toLowerCase();
  return { name, control: parts.includes('Control'), shift: parts.includes('Shift') };
}

/** Whether a key press is one of the shortcut's keys (Ctrl or ⌘ for Control; never with Alt). */
export function matches(event: KeyboardEvent, shortcut: Shortcut): boolean {
  if (event.altKey) return false;
  return shortcut.keys.some((key) => {
    const wanted = parse(key);
    const pressed = event.key === ' ' ? 'space' : event.key === '+' ? 'plus' : event.key.toLowerCase();
    if (pressed !== wanted.name || (event.ctrlKey || event.metaKey) !== wanted.control) return false;
    // A symbol such as "?" is typed with Shift on some layouts and without it on others.
    return !/^[a-z]$/.test(wanted.name) || event.shiftKey === wanted.shift;
  });
}

/** A key as the palette and the help show it: "Control+Shift+P" → "Ctrl Shift P", "ArrowUp" → "Up", "Plus" → "+". */
export const keyLabel = (key: string) =>
  key
    .split('+')
    .map((part) => ({ Control: 'Ctrl', Plus: '+' })[part] ?? part.replace(/^Arrow/, ''))
    .join(' ');
