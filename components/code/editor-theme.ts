import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import type { Extension } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { tags as t } from '@lezer/highlight';

/**
 * The editors' colours (code, diff, conflict), as CSS variables defined for light and dark in
 * app/globals.css: the page's theme class switches every open editor at once, with no reconfiguration.
 * The light values are CodeMirror's default highlight style, the dark ones after One Dark.
 */
const highlight = HighlightStyle.define([
  { tag: t.meta, color: 'var(--cm-meta)' },
  { tag: t.link, textDecoration: 'underline' },
  { tag: t.heading, textDecoration: 'underline', fontWeight: 'bold' },
  { tag: t.emphasis, fontStyle: 'italic' },
  { tag: t.strong, fontWeight: 'bold' },
  { tag: t.strikethrough, textDecoration: 'line-through' },
  { tag: t.keyword, color: 'var(--cm-keyword)' },
  { tag: [t.atom, t.bool, t.url, t.contentSeparator, t.labelName], color: 'var(--cm-atom)' },
  { tag: [t.literal, t.inserted], color: 'var(--cm-literal)' },
  { tag: [t.string, t.deleted], color: 'var(--cm-string)' },
  { tag: [t.regexp, t.escape, t.special(t.string)], color: 'var(--cm-regexp)' },
  { tag: t.definition(t.variableName), color: 'var(--cm-definition)' },
  { tag: t.local(t.variableName), color: 'var(--cm-local)' },
  { tag: [t.typeName, t.namespace], color: 'var(--cm-type)' },
  { tag: t.className, color: 'var(--cm-class)' },
  { tag: [t.special(t.variableName), t.macroName], color: 'var(--cm-special)' },
  { tag: t.definition(t.propertyName), color: 'var(--cm-property)' },
  { tag: t.comment, color: 'var(--cm-comment)' },
  { tag: t.invalid, color: 'var(--cm-invalid)' },
]);

export const editorTheme: Extension = [
  EditorView.theme({
    '&': { backgroundColor: 'var(--cm-background)', color: 'var(--cm-foreground)' },
    '.cm-content': { caretColor: 'var(--cm-foreground)' },
    '.cm-cursor, .cm-dropCursor': { borderLeftColor: 'var(--cm-foreground)' },
    '&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, .cm-content ::selection': {
      backgroundColor: 'var(--cm-selection)',
    },
    '.cm-activeLine': { backgroundColor: 'var(--cm-active-line)' },
    '.cm-gutters': { backgroundColor: 'var(--cm-gutter-background)', color: 'var(--cm-gutter-foreground)', borderRight: '1px solid var(--cm-border)' },
    '.cm-activeLineGutter': { backgroundColor: 'var(--cm-active-line)' },
    '.cm-tooltip, .cm-panels': { backgroundColor: 'var(--cm-panel-background)', color: 'var(--cm-foreground)', borderColor: 'var(--cm-border)' },
    '.cm-tooltip-autocomplete > ul > li[aria-selected]': { backgroundColor: 'var(--cm-selection)', color: 'var(--cm-foreground)' },
    '.cm-searchMatch': { backgroundColor: 'var(--cm-search-match)' },
    // The diff's "N unchanged lines" bar (@codemirror/merge draws it light).
    '.cm-collapsedLines': { background: 'var(--cm-panel-background)', color: 'var(--cm-gutter-foreground)' },
  }),
  syntaxHighlighting(highlight),
];
