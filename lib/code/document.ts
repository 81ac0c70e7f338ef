import { EditorState, type EditorStateConfig, type Extension } from '@codemirror/state';
import { lineSeparatorOf } from '@/lib/github/text';
import { languageFor } from './languages';

/**
 * An editor document that gives back exactly the text it was made from: lines are split on the
 * file's own line break (CRLF stays CRLF, a stray CR stays a character), and the text is read with
 * `documentText`, never `doc.toString()` (which joins lines with LF).
 */
export function documentConfig(path: string, text: string, extensions: Extension[] = []): EditorStateConfig {
  const language = languageFor(path);
  return {
    doc: text,
    extensions: [EditorState.lineSeparator.of(lineSeparatorOf(text)), language ? language.support() : [], extensions],
  };
}

export function documentState(path: string, text: string, extensions: Extension[] = []): EditorState {
  return EditorState.create(documentConfig(path, text, extensions));
}

export function documentText(state: EditorState): string {
  return state.sliceDoc();
}
