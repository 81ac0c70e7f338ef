/** File-level diffs in GitHub's `files` shape (status, additions, deletions, patch). */
import type { GitRepo } from './git';
import type { DiffEntry } from './shapes';

/** git's well-known empty tree, the "parent" of a root commit. */
export const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

/** GitHub caps the files of a comparison at 300. */
const MAX_FILES = 300;

const STATUS: Record<string, DiffEntry['status']> = {
  A: 'added',
  D: 'removed',
  M: 'modified',
  R: 'renamed',
  C: 'copied',
  T: 'changed',
};

export type RawDiffEntry = Omit<DiffEntry, 'blob_url' | 'raw_url' | 'contents_url'>;

/** Diffs two commits (or trees): one `diff-tree` for status and counts, one `diff` for the patches. */
export async function diffFiles(git: GitRepo, from: string, to: string): Promise<RawDiffEntry[]> {
  const [summary, patchText] = await Promise.all([
    git.git(['diff-tree', '-r', '-M', '-z', '--raw', '--numstat', from, to]),
    git.git(['diff', '-M', '--no-color', '--no-ext-diff', '--full-index', from, to]),
  ]);
  const tokens = summary.toString('utf8').split('\0');
  const raw: { status: string; oldSha: string; newSha: string; path: string; previous?: string }[] = [];
  const counts: { additions: number; deletions: number }[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] ?? '';
    if (token.startsWith(':')) {
      const [, , oldSha = '', newSha = '', status = ''] = token.slice(1).split(' ');
      const letter = status.charAt(0);
      if (letter === 'R' || letter === 'C') {
        raw.push({ status: letter, oldSha, newSha, previous: tokens[i + 1] ?? '', path: tokens[i + 2] ?? '' });
        i += 2;
      } else {
        raw.push({ status: letter, oldSha, newSha, path: tokens[i + 1] ?? '' });
        i += 1;
      }
    } else if (token.includes('\t')) {
      const [added = '0', deleted = '0', path = ''] = token.split('\t');
      counts.push({ additions: Number(added) || 0, deletions: Number(deleted) || 0 });
      if (path === '') i += 2;
    }
  }
  // Patches come in the same (path) order as the raw entries.
  const sections = patchText.toString('utf8').split(/^diff --git /m).slice(1);
  return raw.slice(0, MAX_FILES).map((entry, index) => {
    const section = sections[index] ?? '';
    const hunk = section.indexOf('\n@@');
    const { additions, deletions } = counts[index] ?? { additions: 0, deletions: 0 };
    const result: RawDiffEntry = {
      sha: entry.status === 'D' ? entry.oldSha : entry.newSha,
      filename: entry.path,
      status: STATUS[entry.status] ?? 'modified',
      additions,
      deletions,
      changes: additions + deletions,
    };
    if (hunk !== -1) result.patch = section.slice(hunk + 1).replace(/\n$/, '');
    if (entry.previous !== undefined) result.previous_filename = entry.previous;
    return result;
  });
}
