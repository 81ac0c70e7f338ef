import { beforeEach, describe, expect, it } from 'vitest';
import { aheadBehind } from '@/lib/github/compare';
import type { GitHubClient } from '@/lib/github/octokit';
import { type BranchKey, EMPTY_BRANCH_UI, loadBranchUi, updateBranchUi, withFileView } from '@/lib/workspace/ui-state';
import { isWorkspacePath } from '@/lib/workspace/navigation';

/** localStorage as a browser has it, for the store's synchronous reads and writes. */
class MemoryStorage {
  readonly items = new Map<string, string>();
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.items.set(key, value);
  }
}

const key: BranchKey = ['user-1', 'alice', 'sample-game', 'feature/login'];

describe('the per-branch workspace state', () => {
  let storage: MemoryStorage;
  beforeEach(() => {
    storage = new MemoryStorage();
    Object.assign(globalThis, { localStorage: storage });
  });

  it('keeps tabs, cursor and pane sizes per user and branch', () => {
    updateBranchUi(key, (state) => ({ ...state, tabs: ['src/main.ts', 'src/game.js'], active: 'src/game.js' }));
    updateBranchUi(key, (state) => withFileView(state, 'src/game.js', { anchor: 40, head: 42, top: 10 }));
    updateBranchUi(key, (state) => ({ ...state, layouts: { code: { sidebar: 30, editor: 70 } } }));
    expect(loadBranchUi(key)).toEqual({
      tabs: ['src/main.ts', 'src/game.js'],
      active: 'src/game.js',
      views: { 'src/game.js': { anchor: 40, head: 42, top: 10 } },
      layouts: { code: { sidebar: 30, editor: 70 } },
    });
    expect(loadBranchUi(['user-1', 'alice', 'sample-game', 'feature%2Flogin'])).toEqual(EMPTY_BRANCH_UI);
    expect(loadBranchUi(['user-2', 'alice', 'sample-game', 'feature/login'])).toEqual(EMPTY_BRANCH_UI);
  });

  it('reads anything unreadable as nothing saved', () => {
    storage.setItem(`webedt:ui:${JSON.stringify(key)}`, '{"tabs": 3');
    expect(loadBranchUi(key)).toEqual(EMPTY_BRANCH_UI);
    storage.setItem(`webedt:ui:${JSON.stringify(key)}`, '{"tabs": [1]}');
    expect(loadBranchUi(key)).toEqual(EMPTY_BRANCH_UI);
  });

  it('forgets the least recently left files first', () => {
    for (let index = 0; index < 105; index++) updateBranchUi(key, (state) => withFileView(state, `file-${index}`, { anchor: 0, head: 0, top: 0 }));
    updateBranchUi(key, (state) => withFileView(state, 'file-10', { anchor: 1, head: 1, top: 0 }));
    const paths = Object.keys(loadBranchUi(key).views);
    expect(paths).toHaveLength(100);
    expect(paths.at(-1)).toBe('file-10');
    expect(paths).not.toContain('file-4');
    expect(paths).toContain('file-5');
    expect(paths).toContain('file-104');
  });
});

describe('ahead/behind of a branch', () => {
  it('compares each pair of heads once', async () => {
    let compares = 0;
    let head = 'b'.repeat(40);
    const github = {
      rest: {
        git: { getRef: async ({ ref }: { ref: string }) => ({ data: { object: { sha: ref === 'heads/main' ? 'a'.repeat(40) : head } } }) },
        repos: {
          compareCommitsWithBasehead: async () => {
            compares++;
            return { data: { status: 'ahead', ahead_by: compares, behind_by: 0, files: [] } };
          },
        },
      },
    } as unknown as GitHubClient;
    const ask = () => aheadBehind(github, { owner: 'alice', repo: 'cache-test', base: 'main', head: 'topic' });
    expect(await ask()).toEqual({ base: 'main', aheadBy: 1, behindBy: 0 });
    expect(await ask()).toEqual({ base: 'main', aheadBy: 1, behindBy: 0 });
    head = 'c'.repeat(40);
    expect(await ask()).toEqual({ base: 'main', aheadBy: 2, behindBy: 0 });
    expect(compares).toBe(2);
  });
});

describe('workspace paths', () => {
  it('are the pages of a branch, where the navigation may collapse', () => {
    expect(isWorkspacePath('/github/alice/sample-game/feature%2Flogin/code')).toBe(true);
    expect(isWorkspacePath('/github/alice/sample-game/main')).toBe(true);
    expect(isWorkspacePath('/github/alice/sample-game')).toBe(false);
    expect(isWorkspacePath('/agents')).toBe(false);
  });
});
