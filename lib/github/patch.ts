/** A line of a unified diff (GitHub's `patch` of a file), with its numbers in the old and new file. */
export interface PatchLine {
  kind: 'hunk' | 'add' | 'delete' | 'context';
  text: string;
  /** Line number in the file before the change; null for added lines and hunk headers. */
  oldLine: number | null;
  /** Line number in the file after the change; null for deleted lines and hunk headers. */
  newLine: number | null;
}

const HUNK_HEADER = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/;

/** Numbers each line from its hunk header (`@@ -old,n +new,m @@`), as a side-by-side gutter shows them. */
export function numberPatchLines(patch: string): PatchLine[] {
  let oldLine = 0;
  let newLine = 0;
  return patch.split('\n').map((text): PatchLine => {
    const hunk = HUNK_HEADER.exec(text);
    if (hunk) {
      oldLine = Number(hunk[1]);
      newLine = Number(hunk[2]);
      return { kind: 'hunk', text, oldLine: null, newLine: null };
    }
    if (text.startsWith('+')) return { kind: 'add', text, oldLine: null, newLine: newLine++ };
    if (text.startsWith('-')) return { kind: 'delete', text, oldLine: oldLine++, newLine: null };
    // "\ No newline at end of file" belongs to the line above it.
    if (text.startsWith('\\')) return { kind: 'context', text, oldLine: null, newLine: null };
    return { kind: 'context', text, oldLine: oldLine++, newLine: newLine++ };
  });
}
