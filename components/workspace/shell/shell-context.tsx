'use client';

import { createContext, type Dispatch, type ReactNode, type SetStateAction, useContext, useMemo, useState, useSyncExternalStore } from 'react';
import { CollabProvider } from '@/components/workspace/collab/collab-provider';
import type { BranchKey } from '@/lib/workspace/ui-state';

/** What one pane shows at phone width, where the workspace shows one pane at a time. */
export type NarrowPane = 'tree' | 'editor' | 'panels';

interface ShellContextValue {
  branchKey: BranchKey;
  narrow: boolean;
  pane: NarrowPane;
  showPane: Dispatch<SetStateAction<NarrowPane>>;
  /** Whether the page has a file tree to switch to (the Code page has; Preview has not). */
  hasTree: boolean;
  setHasTree: (hasTree: boolean) => void;
}

const ShellContext = createContext<ShellContextValue | null>(null);

/** Below Tailwind's `md` breakpoint panes stop sitting side by side. */
const NARROW_QUERY = '(max-width: 767px)';

function subscribeToWidth(listener: () => void): () => void {
  const query = window.matchMedia(NARROW_QUERY);
  query.addEventListener('change', listener);
  return () => query.removeEventListener('change', listener);
}

export function useNarrowViewport(): boolean {
  return useSyncExternalStore(subscribeToWidth, () => window.matchMedia(NARROW_QUERY).matches, () => false);
}

/** The workspace shell's state for everything under a branch layout: this branch's key and the pane shown at phone width. */
export function ShellProvider({ branchKey, children }: { branchKey: BranchKey; children: ReactNode }) {
  const narrow = useNarrowViewport();
  const [pane, showPane] = useState<NarrowPane>('editor');
  const [hasTree, setHasTree] = useState(false);
  const [userId, owner, repo, branch] = branchKey;
  const value = useMemo(
    () => ({ branchKey: [userId, owner, repo, branch] as BranchKey, narrow, pane, showPane, hasTree, setHasTree }),
    [userId, owner, repo, branch, narrow, pane, hasTree],
  );
  return <ShellContext value={value}>{children}</ShellContext>;
}

export function useShell(): ShellContextValue {
  const value = useContext(ShellContext);
  if (!value) throw new Error('useShell must be used inside <ShellProvider>');
  return value;
}

/** Everything under a branch layout shares the branch's live connection and the shell's state. */
export function WorkspaceProviders({ owner, repo, branch, selfId, children }: { owner: string; repo: string; branch: string; selfId: string; children: ReactNode }) {
  return (
    <CollabProvider owner={owner} repo={repo} branch={branch} selfId={selfId}>
      <ShellProvider branchKey={[selfId, owner, repo, branch]}>{children}</ShellProvider>
    </CollabProvider>
  );
}
