import { setTimeout as sleep } from 'node:timers/promises';
import { AppError } from '@/lib/errors';
import type { GitHubClient } from './octokit';
import { parentFolder, repoPathProblem, normalizeRepoPath } from './paths';
import { branchHead } from './repos';
import { decodeText, encodeText, isInlineSafe } from './text';
import { readTree, type RepoTree, type TreeEntry } from './tree';

/**
 * The one way WebEDT writes to a branch: all changes as ONE commit through the Git Data API.
 *
 *   ref (is the head still expected?) → recursive tree of the base (ETag-cached: usually a 304)
 *   → blobs, only for binary content → ONE tree with inline text → commit → ref update without force
 *
 * The number of calls does not depend on how many text files change. When the branch moved (the
 * head differs, or GitHub answers 422 "not a fast forward"), the changes are rebuilt on the new
 * head if nobody else touched the same paths; otherwise the caller gets the conflicting paths and
 * nothing is written over the other commit.
 */

export type FileMode = '100644' | '100755' | '120000';

export type FileChange =
  /** Create or replace a file. */
  | { path: string; content: string | Uint8Array; mode?: FileMode }
  | { path: string; delete: true }
  /** Move a file, keeping its bytes unless `content` replaces them. */
  | { path: string; from: string; content?: string | Uint8Array };

export interface CommitRequest {
  owner: string;
  repo: string;
  branch: string;
  /** The head the changes were made on. */
  expectedHeadSha: string;
  changes: FileChange[];
  message: string;
  author?: { name: string; email: string };
}

export type CommittedChange = 'create' | 'edit' | 'delete' | 'rename';

export interface CommittedFile {
  path: string;
  change: CommittedChange;
  /** For renames: where the file came from. */
  from?: string;
}

/** A path as it was at the expected head (`base`) and as it is on the branch now (`theirs`); null = absent. */
export interface CommitConflict {
  path: string;
  base: Pick<TreeEntry, 'sha' | 'mode' | 'type'> | null;
  theirs: Pick<TreeEntry, 'sha' | 'mode' | 'type'> | null;
}

export type CommitResult =
  | { status: 'committed'; sha: string; parentSha: string; rebased: boolean; files: CommittedFile[] }
  | { status: 'conflict'; headSha: string; conflicts: CommitConflict[] };

/** The first commit of an empty repository: there is no head the changes were made on. */
export type FirstCommitRequest = Omit<CommitRequest, 'expectedHeadSha'>;

/** `parentSha` null: the repository had no commit before (it is null unless someone else's first commit won the race). */
export type FirstCommitResult =
  | (Omit<Extract<CommitResult, { status: 'committed' }>, 'parentSha'> & { parentSha: string | null })
  | Extract<CommitResult, { status: 'conflict' }>;

/** GitHub's documented limit for one file (100 MiB); text is limited further by the callers (request bodies). */
export const MAX_FILE_BYTES = 100 * 1024 * 1024;
export const MAX_MESSAGE_LENGTH = 10_000;
/** Rebuilding on a branch that moves again and again gives up after this many attempts. */
const MAX_ATTEMPTS = 4;
/** Waits before reading a refused branch's head again while GitHub's reads still lag its update (~3.5 s in all). */
const STALE_READ_DELAYS_MS = [100, 200, 400, 800, 2000];

interface PlannedChange {
  path: string;
  from?: string;
  delete?: true;
  bytes?: Uint8Array;
  /** Inline text for the tree call; absent for binaries (sent as a blob). */
  text?: string;
  mode?: FileMode;
}

const isFileMode = (mode: string): mode is FileMode => mode === '100644' || mode === '100755' || mode === '120000';

function invalid(message: string): never {
  throw new AppError('validation_failed', message);
}

function checkedPath(path: string): string {
  const problem = repoPathProblem(path);
  if (problem) invalid(`${JSON.stringify(path)}: ${problem}`);
  return normalizeRepoPath(path);
}

function plan(changes: FileChange[]): PlannedChange[] {
  if (changes.length === 0) invalid('There are no changes to commit.');
  // A path is written or deleted by one change at most, and moved away by one at most (a new file
  // may take the name a renamed one left).
  const targets = new Set<string>();
  const sources = new Set<string>();
  const claim = (claimed: Set<string>, path: string) => {
    if (claimed.has(path)) invalid(`"${path}" appears in more than one change.`);
    claimed.add(path);
  };
  return changes.map((change) => {
    const path = checkedPath(change.path);
    claim(targets, path);
    if ('delete' in change) return { path, delete: true };
    const planned: PlannedChange = { path };
    if ('from' in change) {
      planned.from = checkedPath(change.from);
      if (planned.from === path) invalid(`"${path}" cannot be renamed to itself.`);
      claim(sources, planned.from);
    } else {
      planned.mode = change.mode;
    }
    if (change.content !== undefined) {
      const bytes = typeof change.content === 'string' ? encodeText(change.content) : change.content;
      if (bytes.length > MAX_FILE_BYTES) {
        throw new AppError('payload_too_large', `"${path}" is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB.`);
      }
      planned.bytes = bytes;
      const text = typeof change.content === 'string' ? change.content : decodeText(change.content);
      if (text !== null && isInlineSafe(text)) planned.text = text;
    }
    return planned;
  });
}

function entryMap(tree: RepoTree): Map<string, TreeEntry> {
  return new Map(tree.entries.map((entry) => [entry.path, entry]));
}

const sameEntry = (a: TreeEntry | undefined, b: TreeEntry | undefined) =>
  a === b || (a !== undefined && b !== undefined && a.sha === b.sha && a.mode === b.mode && a.type === b.type);

const entryRef = (entry: TreeEntry | undefined) => (entry ? { sha: entry.sha, mode: entry.mode, type: entry.type } : null);

/**
 * The staged paths someone else changed between `base` and `head`: the file itself, a rename's
 * source, or a file that now stands where a folder above the path must be.
 */
function findConflicts(changes: PlannedChange[], base: RepoTree, head: RepoTree): CommitConflict[] {
  const before = entryMap(base);
  const now = entryMap(head);
  const conflicts: CommitConflict[] = [];
  for (const change of changes) {
    const touched = [change.path, ...(change.from ? [change.from] : [])].some((path) => !sameEntry(before.get(path), now.get(path)));
    let blocked = false;
    for (let folder = parentFolder(change.path); folder && !blocked; folder = parentFolder(folder)) {
      const entry = now.get(folder);
      blocked = entry !== undefined && entry.type !== 'tree' && !sameEntry(before.get(folder), entry);
    }
    if (touched || blocked) {
      conflicts.push({ path: change.path, base: entryRef(before.get(change.path)), theirs: entryRef(now.get(change.path)) });
    }
  }
  return conflicts;
}

/** Checks the changes against the tree they were made on and says what each one is. */
function classify(changes: PlannedChange[], base: RepoTree): CommittedFile[] {
  const entries = entryMap(base);
  // A file may give way to a folder of the same name in the same commit.
  const removed = new Set(changes.flatMap((change) => (change.delete ? [change.path] : change.from ? [change.from] : [])));
  return changes.map((change) => {
    const current = entries.get(change.path);
    if (current && current.type !== 'blob') invalid(`"${change.path}" is a folder or submodule, not a file.`);
    for (let folder = parentFolder(change.path); folder; folder = parentFolder(folder)) {
      const above = entries.get(folder);
      if (above && above.type !== 'tree' && !change.delete && !removed.has(folder)) invalid(`"${folder}" is a file, so "${change.path}" cannot be created.`);
    }
    if (change.delete) {
      if (!current) throw new AppError('not_found', `"${change.path}" does not exist on the branch, so it cannot be deleted.`);
      return { path: change.path, change: 'delete' };
    }
    if (change.from) {
      const source = entries.get(change.from);
      if (!source || source.type !== 'blob') throw new AppError('not_found', `"${change.from}" does not exist on the branch, so it cannot be renamed.`);
      if (current && !removed.has(change.path)) invalid(`"${change.path}" already exists; delete it first or choose another name.`);
      return { path: change.path, change: 'rename', from: change.from };
    }
    return { path: change.path, change: current ? 'edit' : 'create' };
  });
}

/** Whether `sha` is `descendant` or one of its ancestors: a head read that is at or behind what we already know. */
async function isAtOrBehind(github: GitHubClient, owner: string, repo: string, sha: string, descendant: string): Promise<boolean> {
  if (sha === descendant) return true;
  const { data } = await github.rest.repos.compareCommitsWithBasehead({ owner, repo, basehead: `${sha}...${descendant}`, per_page: 1 });
  return data.status === 'ahead' && data.behind_by === 0;
}

/**
 * The head of a branch that refused our fast-forward onto `parentSha`. GitHub's reads may lag its
 * writes, so a read that still shows `parentSha` (or older) is stale: read again after a pause.
 */
async function headAfterRefusal(github: GitHubClient, request: FirstCommitRequest, parentSha: string): Promise<string | null> {
  const { owner, repo, branch } = request;
  for (const wait of [0, ...STALE_READ_DELAYS_MS]) {
    if (wait) await sleep(wait);
    const head = await branchHead(github, owner, repo, branch);
    if (head === null || !(await isAtOrBehind(github, owner, repo, head, parentSha))) return head;
  }
  throw new AppError('github_unavailable', `GitHub still reports the branch "${branch}" at its previous commit; nothing was committed. Try again in a moment.`);
}

export async function commitChanges(github: GitHubClient, request: CommitRequest): Promise<CommitResult> {
  const message = checkedMessage(request.message);
  return commitOnto(github, request, message, plan(request.changes), request.expectedHeadSha);
}

function checkedMessage(text: string): string {
  const message = text.trim();
  if (!message) invalid('A commit message is required.');
  if (message.length > MAX_MESSAGE_LENGTH) invalid(`The commit message is longer than ${MAX_MESSAGE_LENGTH} characters.`);
  return message;
}

const EMPTY_REPOSITORY: RepoTree = { commitSha: '', treeSha: '', entries: [], readByFolder: false };

/**
 * The first commit of an empty repository. GitHub's git database endpoints refuse to write there (409),
 * so the first file goes through the contents API, which makes a commit without a parent; any further
 * files are then folded into that commit (`foldIntoFirst`), so the save is one commit as everywhere else.
 */
export async function commitFirst(github: GitHubClient, request: FirstCommitRequest): Promise<FirstCommitResult> {
  const { owner, repo, branch } = request;
  const message = checkedMessage(request.message);
  const changes = plan(request.changes);
  const files = classify(changes, EMPTY_REPOSITORY);
  const [first, ...rest] = changes;
  let data;
  try {
    ({ data } = await github.rest.repos.createOrUpdateFileContents({
      owner,
      repo,
      branch,
      path: first!.path,
      message,
      content: Buffer.from(first!.bytes!).toString('base64'),
      ...(request.author ? { author: request.author } : {}),
    }));
  } catch (error) {
    // The file exists: someone else made the first commit meanwhile, with this file in it.
    if ((error as { status?: number }).status !== 422) throw error;
    throw new AppError('conflict', `Someone else just made the first commit of ${owner}/${repo}, with "${first!.path}" in it. Reload and try again.`);
  }
  const sha = data.commit.sha!;
  // Not null when someone else's first commit landed just before: ours then went on top of it.
  const parentSha = data.commit.parents?.[0]?.sha ?? null;
  if (rest.length === 0) return { status: 'committed', sha, parentSha, rebased: parentSha !== null, files };
  const folded = await foldIntoFirst(github, request, message, rest, { sha, parentSha });
  if (folded) return { status: 'committed', sha: folded, parentSha, rebased: parentSha !== null, files };
  const result = await commitOnto(github, request, message, rest, sha);
  return result.status === 'committed' ? { ...result, parentSha, files } : result;
}

/**
 * The rest of a save's files added to the commit the contents API made with its first file: a commit of
 * the whole tree with that commit's parents replaces it, so the ref update is forced, and made only while
 * the branch still points at it. Null when the branch moved meanwhile: another commit on top is never
 * replaced (the rest then follows in a commit of its own).
 */
async function foldIntoFirst(
  github: GitHubClient,
  request: FirstCommitRequest,
  message: string,
  changes: PlannedChange[],
  first: { sha: string; parentSha: string | null },
): Promise<string | null> {
  const { owner, repo, branch } = request;
  const base = await readTree(github, owner, repo, first.sha);
  const commit = await writeCommit(github, request, message, changes, base, first.parentSha ? [first.parentSha] : [], new Map());
  if ((await branchHead(github, owner, repo, branch)) !== first.sha) return null;
  await github.rest.git.updateRef({ owner, repo, ref: `heads/${branch}`, sha: commit, force: true });
  return commit;
}

type TreeWrite = { path: string; mode: FileMode; type: 'blob'; sha?: string | null; content?: string };

/**
 * A commit (not yet on any branch) of `changes` made on `parent`'s tree, with `parents`: text goes
 * inline in the tree, binaries as blobs (made once per path, kept in `blobs` for a retry). Its sha.
 */
async function writeCommit(
  github: GitHubClient,
  request: FirstCommitRequest,
  message: string,
  changes: PlannedChange[],
  parent: RepoTree,
  parents: string[],
  blobs: Map<string, string>,
): Promise<string> {
  const { owner, repo } = request;
  const parentEntries = entryMap(parent);
  const removals: TreeWrite[] = [];
  const writes: TreeWrite[] = [];
  for (const change of changes) {
    const source = parentEntries.get(change.from ?? change.path);
    const mode = change.mode ?? (source && isFileMode(source.mode) ? source.mode : '100644');
    if (change.delete || change.from) removals.push({ path: change.from ?? change.path, mode, type: 'blob', sha: null });
    if (change.delete) continue;
    if (change.text !== undefined) {
      writes.push({ path: change.path, mode, type: 'blob', content: change.text });
    } else if (change.bytes) {
      let sha = blobs.get(change.path);
      if (!sha) {
        const { data } = await github.rest.git.createBlob({ owner, repo, content: Buffer.from(change.bytes).toString('base64'), encoding: 'base64' });
        sha = data.sha;
        blobs.set(change.path, sha);
      }
      writes.push({ path: change.path, mode, type: 'blob', sha });
    } else {
      writes.push({ path: change.path, mode, type: 'blob', sha: source!.sha });
    }
  }
  // Removals first, so a path vacated by a rename or deletion can be written in the same commit.
  const tree = [...removals, ...writes];
  const { data: newTree } = await github.rest.git.createTree({ owner, repo, base_tree: parent.treeSha, tree });
  const { data: commit } = await github.rest.git.createCommit({
    owner,
    repo,
    message,
    tree: newTree.sha,
    parents,
    ...(request.author ? { author: request.author } : {}),
  });
  return commit.sha;
}

async function commitOnto(
  github: GitHubClient,
  request: FirstCommitRequest,
  message: string,
  changes: PlannedChange[],
  expectedHeadSha: string,
): Promise<CommitResult> {
  const { owner, repo, branch } = request;
  const [base, initialHead] = await Promise.all([
    readTree(github, owner, repo, expectedHeadSha),
    branchHead(github, owner, repo, branch),
  ]);
  const files = classify(changes, base);
  const blobs = new Map<string, string>();
  let head = initialHead;
  let parent = base;

  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    if (!head) throw new AppError('not_found', `The branch "${branch}" no longer exists in ${owner}/${repo}.`);
    // A lagging read may show an older head than the one the changes were made on: keep ours then.
    if (head !== parent.commitSha && !(await isAtOrBehind(github, owner, repo, head, parent.commitSha))) {
      const moved = await readTree(github, owner, repo, head);
      const conflicts = findConflicts(changes, base, moved);
      if (conflicts.length) return { status: 'conflict', headSha: head, conflicts };
      parent = moved;
    }
    const sha = await writeCommit(github, request, message, changes, parent, [parent.commitSha], blobs);
    try {
      await github.rest.git.updateRef({ owner, repo, ref: `heads/${branch}`, sha, force: false });
      return { status: 'committed', sha, parentSha: parent.commitSha, rebased: parent !== base, files };
    } catch (error) {
      if ((error as { status?: number }).status !== 422) throw error;
      // Not a fast forward: someone pushed between our look at the head and the update.
      head = await headAfterRefusal(github, request, parent.commitSha);
    }
  }
  throw new AppError('conflict', `The branch "${branch}" keeps moving; nothing was committed. Try again in a moment.`);
}
