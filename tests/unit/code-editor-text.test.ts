import { syntaxTree } from '@codemirror/language';
import { highlightTree, classHighlighter } from '@lezer/highlight';
import { describe, expect, it } from 'vitest';
import { documentState, documentText } from '@/lib/code/document';
import { fileIcon, mediaType, previewKind } from '@/lib/code/file-kinds';
import { languageFor } from '@/lib/code/languages';
import { decodeText, isInlineSafe, lineSeparatorOf } from '@/lib/github/text';

describe('editor documents', () => {
  it.each([
    ['LF', 'a\nb\n'],
    ['CRLF', 'first\r\nsecond\r\n'],
    ['mixed endings', 'a\r\nb\nc\rd'],
    ['no trailing newline', 'last line'],
    ['lone CR', 'x\ry'],
    ['BOM and unicode', '\uFEFFhéllo ブランチ 🎮\r\n'],
    ['empty', ''],
  ])('give back %s text exactly, and keep its line break for new lines', (_name, text) => {
    const state = documentState('file.txt', text);
    expect(documentText(state)).toBe(text);
    const typed = state.update({ changes: { from: state.doc.length, insert: `${state.lineBreak}more` } }).state;
    expect(documentText(typed)).toBe(`${text}${lineSeparatorOf(text)}more`);
  });

  it('CRLF only when every line ends with it', () => {
    expect(lineSeparatorOf('a\r\nb\r\n')).toBe('\r\n');
    expect(lineSeparatorOf('a\r\nb\n')).toBe('\n');
    expect(lineSeparatorOf('a\r\nb\rc')).toBe('\n');
    expect(lineSeparatorOf('plain')).toBe('\n');
  });
});

describe('text or binary', () => {
  it('text is valid UTF-8 without NUL, BOM kept', () => {
    expect(decodeText(new TextEncoder().encode('ok ✓'))).toBe('ok ✓');
    expect(decodeText(Uint8Array.from([0xef, 0xbb, 0xbf, 0x41]))).toBe('\uFEFFA');
    expect(decodeText(Uint8Array.from([0x41, 0x00, 0x42]))).toBeNull();
    expect(decodeText(Uint8Array.from([0xc3, 0x28]))).toBeNull();
  });

  it('only safe text travels inline in a tree call', () => {
    expect(isInlineSafe('plain\r\ntext ✓')).toBe(true);
    expect(isInlineSafe('nul\0')).toBe(false);
    expect(isInlineSafe('\uFEFFbom')).toBe(false);
    expect(isInlineSafe('lone \uD800 surrogate')).toBe(false);
    expect(isInlineSafe('pair 😀')).toBe(true);
  });
});

/** The highlighting classes CodeMirror gives `code` in a file called `path`. */
function highlightClasses(path: string, code: string): Set<string> {
  const state = documentState(path, code);
  const classes = new Set<string>();
  highlightTree(syntaxTree(state), classHighlighter, (_from, _to, style) => {
    for (const name of style.split(' ')) classes.add(name);
  });
  return classes;
}

describe('syntax highlighting', () => {
  it.each([
    ['main.ts', 'TypeScript', 'const x: number = 1; // note', ['tok-keyword', 'tok-comment', 'tok-number']],
    ['view.tsx', 'TypeScript (JSX)', 'const a = <div>hi</div>;', ['tok-keyword']],
    ['game.js', 'JavaScript', 'function f() { return "s"; }', ['tok-keyword', 'tok-string']],
    ['level.json', 'JSON', '{"a": [1, true]}', ['tok-propertyName', 'tok-number']],
    ['player.lua', 'Lua', 'local x = "hi" -- comment', ['tok-keyword', 'tok-string', 'tok-comment']],
    ['Enemy.cs', 'C#', 'public class Enemy { } // c', ['tok-keyword', 'tok-comment']],
    ['build.py', 'Python', 'def f():\n    return "s"  # c', ['tok-keyword', 'tok-string', 'tok-comment']],
    ['README.md', 'Markdown', '# Title\n\n*em*', ['tok-heading', 'tok-emphasis']],
    ['index.html', 'HTML', '<p class="a">x</p>', ['tok-typeName', 'tok-string']],
    ['style.css', 'CSS', 'body { color: red; }', ['tok-propertyName']],
    ['ci.yml', 'YAML', 'name: ci # c\nruns: 3', ['tok-comment']],
  ])('%s is highlighted as %s', (path, name, code, expected) => {
    expect(languageFor(path)?.name).toBe(name);
    const classes = highlightClasses(path, code);
    for (const className of expected) expect(classes, `${className} in ${[...classes].join(' ')}`).toContain(className);
  });

  it('unknown files are plain text', () => {
    expect(languageFor('LICENSE')).toBeNull();
    expect(highlightClasses('notes.txt', 'const x = 1').size).toBe(0);
  });
});

describe('file kinds', () => {
  it('images and sounds preview, with their media type; icons by type', () => {
    expect(previewKind('assets/a.PNG')).toBe('image');
    expect(previewKind('assets/jump.wav')).toBe('audio');
    expect(previewKind('src/main.ts')).toBeNull();
    expect(mediaType('logo.svg')).toBe('image/svg+xml');
    expect(mediaType('tool.exe')).toBe('application/octet-stream');
    expect(fileIcon('a.cs').label).toBe('C#');
    expect(fileIcon('Makefile').label).toBe('·');
  });
});
