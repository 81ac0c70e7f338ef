import { describe, expect, it } from 'vitest';
import { groupByFile, overlayStaged } from '@/lib/code/staged-search';
import { emptyStaging, type StagedState } from '@/lib/code/staging';
import { compileQuery, matchLines, searchFiles, type SearchQuery } from '@/lib/code/text-search';

const sha = (n: number) => n.toString(16).padStart(40, '0');

function matcherFor(query: SearchQuery): RegExp {
  const compiled = compileQuery(query);
  if ('problem' in compiled) throw new Error(compiled.problem);
  return compiled.matcher;
}

const files = [
  { path: 'README.md', text: '# Sample\nGravity pulls things down.\n' },
  { path: 'assets/logo.png', text: null },
  { path: 'src/main.ts', text: 'import x from "y";\r\nexport const GRAVITY = 0.2;\r\nconst vy = vy + GRAVITY;\r\n' },
];

describe('text search', () => {
  it('finds plain text case-insensitively by default, with line, column and the line as preview', () => {
    const { matches, truncated } = searchFiles(files, matcherFor({ pattern: 'gravity' }), 50);
    expect(truncated).toBe(false);
    expect(matches).toEqual([
      { path: 'README.md', line: 2, column: 0, length: 7, preview: 'Gravity pulls things down.' },
      { path: 'src/main.ts', line: 2, column: 13, length: 7, preview: 'export const GRAVITY = 0.2;' },
      { path: 'src/main.ts', line: 3, column: 16, length: 7, preview: 'const vy = vy + GRAVITY;' },
    ]);
  });

  it('treats regex characters literally unless asked for a regular expression', () => {
    expect(searchFiles(files, matcherFor({ pattern: '0.2;' }), 50).matches).toHaveLength(1);
    expect(searchFiles(files, matcherFor({ pattern: 'GRAVITY.*' }), 50).matches).toEqual([]);
    const regex = searchFiles(files, matcherFor({ pattern: 'GRAVITY\\s*=\\s*\\d', regex: true, caseSensitive: true }), 50).matches;
    expect(regex).toEqual([expect.objectContaining({ path: 'src/main.ts', line: 2, column: 13, length: 11 })]);
  });

  it('respects case when asked', () => {
    expect(searchFiles(files, matcherFor({ pattern: 'gravity', caseSensitive: true }), 50).matches).toEqual([]);
  });

  it('stops at the limit and says there is more', () => {
    const outcome = searchFiles(files, matcherFor({ pattern: 'e' }), 1);
    expect(outcome.matches).toHaveLength(1);
    expect(outcome.truncated).toBe(true);
  });

  it('explains a malformed regular expression instead of throwing', () => {
    expect(compileQuery({ pattern: '(unclosed', regex: true })).toEqual({ problem: expect.stringMatching(/^Invalid regular expression: .*unclosed/) });
    expect(compileQuery({ pattern: '(unclosed' })).toHaveProperty('matcher');
  });

  it('cuts very long lines in previews', () => {
    const [match] = matchLines('min.js', `${'a'.repeat(3000)}GRAVITY`, matcherFor({ pattern: 'a' }));
    expect(match!.preview).toMatch(/… \(line cut at 2000 characters\)$/);
  });
});

describe('staged changes over the committed results', () => {
  const committed = searchFiles(
    [
      { path: 'a.ts', text: 'GRAVITY\n' },
      { path: 'b.ts', text: 'x\nGRAVITY\n' },
      { path: 'c.ts', text: 'GRAVITY\n' },
      { path: 'd.ts', text: 'GRAVITY\n' },
    ],
    matcherFor({ pattern: 'gravity' }),
    50,
  );
  const state: StagedState = {
    ...emptyStaging(sha(1)),
    changes: {
      // Edited: its committed match is gone, a new one is on line 3.
      'a.ts': { kind: 'edit', content: 'no\nno\nlet g = GRAVITY * 2;\n', baseSha: sha(2) },
      'b.ts': { kind: 'delete', baseSha: sha(3) },
      // Renamed without edits: the committed match moves with it.
      'z/c2.ts': { kind: 'rename', from: 'c.ts', fromSha: sha(4) },
      'new.ts': { kind: 'create', content: 'const gravity = 1;\n' },
    },
  };

  it('replaces edited files, drops deleted ones, renames, adds created ones, in path order', () => {
    const { matches } = overlayStaged(committed, state, matcherFor({ pattern: 'gravity' }));
    expect(matches.map((match) => `${match.path}:${match.line}`)).toEqual(['a.ts:3', 'd.ts:1', 'new.ts:1', 'z/c2.ts:1']);
    expect(matches[0]!.preview).toBe('let g = GRAVITY * 2;');
  });

  it('groups matches by file', () => {
    const { matches } = overlayStaged(committed, state, matcherFor({ pattern: 'gravity' }));
    expect(groupByFile(matches).map((group) => [group.path, group.matches.length])).toEqual([
      ['a.ts', 1],
      ['d.ts', 1],
      ['new.ts', 1],
      ['z/c2.ts', 1],
    ]);
  });

  it('keeps the committed results when nothing is staged', () => {
    expect(overlayStaged(committed, emptyStaging(sha(1)), matcherFor({ pattern: 'gravity' }))).toEqual(committed);
  });
});
