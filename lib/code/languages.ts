import { css } from '@codemirror/lang-css';
import { html } from '@codemirror/lang-html';
import { javascript } from '@codemirror/lang-javascript';
import { json } from '@codemirror/lang-json';
import { markdown } from '@codemirror/lang-markdown';
import { python } from '@codemirror/lang-python';
import { yaml } from '@codemirror/lang-yaml';
import { StreamLanguage } from '@codemirror/language';
import { csharp } from '@codemirror/legacy-modes/mode/clike';
import { lua } from '@codemirror/legacy-modes/mode/lua';
import type { Extension } from '@codemirror/state';
import { extensionOf } from './file-kinds';

/** Syntax support for a file, chosen by its extension (none for unknown ones). */
export interface LanguageChoice {
  name: string;
  support: () => Extension;
}

const luaLanguage = StreamLanguage.define(lua);
const csharpLanguage = StreamLanguage.define(csharp);

const languages: Array<{ extensions: string[]; choice: LanguageChoice }> = [
  { extensions: ['ts', 'mts', 'cts'], choice: { name: 'TypeScript', support: () => javascript({ typescript: true }) } },
  { extensions: ['tsx'], choice: { name: 'TypeScript (JSX)', support: () => javascript({ typescript: true, jsx: true }) } },
  { extensions: ['js', 'mjs', 'cjs'], choice: { name: 'JavaScript', support: () => javascript() } },
  { extensions: ['jsx'], choice: { name: 'JavaScript (JSX)', support: () => javascript({ jsx: true }) } },
  { extensions: ['json'], choice: { name: 'JSON', support: () => json() } },
  { extensions: ['lua'], choice: { name: 'Lua', support: () => luaLanguage } },
  { extensions: ['cs'], choice: { name: 'C#', support: () => csharpLanguage } },
  { extensions: ['py', 'pyw'], choice: { name: 'Python', support: () => python() } },
  { extensions: ['md', 'markdown'], choice: { name: 'Markdown', support: () => markdown() } },
  { extensions: ['html', 'htm'], choice: { name: 'HTML', support: () => html() } },
  { extensions: ['css'], choice: { name: 'CSS', support: () => css() } },
  { extensions: ['yml', 'yaml'], choice: { name: 'YAML', support: () => yaml() } },
];

export function languageFor(path: string): LanguageChoice | null {
  const extension = extensionOf(path);
  return languages.find((entry) => entry.extensions.includes(extension))?.choice ?? null;
}
