import { describe, expect, it } from 'vitest';
import { numberPatchLines } from '@/lib/github/patch';

describe('patch line numbers', () => {
  it('numbers old and new lines from each hunk header', () => {
    const patch = ['@@ -3,3 +3,4 @@ intro', ' keep', '-old', '+new', '+added', ' tail', '\\ No newline at end of file', '@@ -20 +21 @@', '-x', '+y'].join('\n');
    expect(numberPatchLines(patch).map(({ kind, oldLine, newLine }) => [kind, oldLine, newLine])).toEqual([
      ['hunk', null, null],
      ['context', 3, 3],
      ['delete', 4, null],
      ['add', null, 4],
      ['add', null, 5],
      ['context', 5, 6],
      ['context', null, null],
      ['hunk', null, null],
      ['delete', 20, null],
      ['add', null, 21],
    ]);
  });
});
