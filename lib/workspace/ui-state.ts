import { z } from 'zod';

/**
 * What the workspace looked like on a branch, per user: open tabs, the active file, cursor and scroll
 * per file, and pane sizes. Kept in localStorage: it is small, and a synchronous write still lands
 * when the tab is closed mid-change (IndexedDB holds the large staged changes).
 */
export type BranchKey = [userId: string, owner: string, repo: string, branch: string];

const fileView = z.object({
  /** Selection as document offsets. */
  anchor: z.number().int().nonnegative(),
  head: z.number().int().nonnegative(),
  /** Offset of the first line in view. */
  top: z.number().int().nonnegative(),
});
export type FileView = z.infer<typeof fileView>;

const branchUiState = z.object({
  tabs: z.array(z.string()).default([]),
  active: z.string().nullable().default(null),
  views: z.record(z.string(), fileView).default({}),
  /** Pane sizes (percent) by pane group, then by pane id. */
  layouts: z.record(z.string(), z.record(z.string(), z.number())).default({}),
});
export type BranchUiState = z.infer<typeof branchUiState>;

export const EMPTY_BRANCH_UI: BranchUiState = Object.freeze({ tabs: [], active: null, views: {}, layouts: {} });

/** Files whose cursor is remembered at most, most recently changed last. */
const MAX_VIEWS = 100;

const storageKey = (key: BranchKey) => `webedt:ui:${JSON.stringify(key)}`;

/** The state saved for this branch; anything missing or unreadable counts as nothing saved. */
export function loadBranchUi(key: BranchKey): BranchUiState {
  try {
    const parsed = branchUiState.safeParse(JSON.parse(localStorage.getItem(storageKey(key)) ?? 'null'));
    return parsed.success ? parsed.data : EMPTY_BRANCH_UI;
  } catch {
    return EMPTY_BRANCH_UI;
  }
}

/** Changes part of the saved state; a full or unavailable storage only loses the memory of the layout. */
export function updateBranchUi(key: BranchKey, update: (state: BranchUiState) => BranchUiState): void {
  const next = update(loadBranchUi(key));
  const paths = Object.keys(next.views);
  const views = paths.length > MAX_VIEWS ? Object.fromEntries(paths.slice(-MAX_VIEWS).map((path) => [path, next.views[path]!])) : next.views;
  try {
    localStorage.setItem(storageKey(key), JSON.stringify({ ...next, views }));
  } catch {
    // Quota exceeded or storage disabled: the workspace works the same, it just starts fresh next time.
  }
}

/** Records where `path` was left, moving it to the end so the least recently used views drop first. */
export function withFileView(state: BranchUiState, path: string, view: FileView): BranchUiState {
  const views = { ...state.views };
  delete views[path];
  views[path] = view;
  return { ...state, views };
}
