'use client';

import { useCallback, useState } from 'react';
import { commit } from '@/app/github/[owner]/[repo]/[branch]/code/actions';
import { commitSizeProblem } from '@/lib/code/limits';
import { hasChanges, toChangeInputs, type StagedState } from '@/lib/code/staging';
import type { CommitResult } from '@/lib/github/commits';
import { CommitDialog, type CommitItem } from './commit-dialog';

type Committed = Extract<CommitResult, { status: 'committed' }>;
type Conflicted = Extract<CommitResult, { status: 'conflict' }>;

/**
 * The commit flow of the editors that commit the staged changes (Code, Scenes): the commit dialog,
 * then one commit of everything staged, made against the head it was staged on; then the editor's
 * own handling of the commit, or of the conflicts when the branch changed the same files meanwhile.
 * The dialog stays open, committing, until that handling is done.
 */
export function useStagedCommit(options: {
  owner: string;
  repo: string;
  branch: string;
  /** The editor committing, for the branch's activity log. */
  page: 'code' | 'scenes';
  staged: StagedState | null;
  /** The head of the files on screen: the base of staging begun before they could be listed. */
  headSha: string | undefined;
  onCommitted: (result: Committed, committed: StagedState) => void | Promise<void>;
  onConflict: (result: Conflicted, committed: StagedState) => void | Promise<void>;
}) {
  const { owner, repo, branch, page, staged, headSha, onCommitted, onConflict } = options;
  const [open, setOpen] = useState(false);
  const [committing, setCommitting] = useState(false);
  const [error, setError] = useState<string | null>(null);

  /** Opens the dialog to commit `state`; returns why there is nothing to commit instead. */
  const start = useCallback((state: StagedState | null): string | null => {
    if (!state || !hasChanges(state)) return 'Nothing to commit: there are no staged changes.';
    setError(null);
    setOpen(true);
    return null;
  }, []);

  const run = async (message: string) => {
    if (!staged) return;
    const committed = staged;
    const changes = toChangeInputs(committed);
    const tooLarge = commitSizeProblem(changes);
    if (tooLarge) {
      setError(tooLarge);
      return;
    }
    setCommitting(true);
    setError(null);
    // Staging that began before the files could be listed has no base yet: it is the head now on screen.
    const expectedHeadSha = committed.baseSha || headSha || '';
    const result = await commit({ owner, repo, branch, page, expectedHeadSha, message, changes }).catch(() => null);
    if (!result?.ok) {
      setCommitting(false);
      setError(result?.error.message ?? 'The server could not be reached. Your changes are still staged; try again.');
      return;
    }
    if (result.data.status === 'conflict') await onConflict(result.data, committed);
    else await onCommitted(result.data, committed);
    setCommitting(false);
    setOpen(false);
  };

  return {
    branch,
    open,
    committing,
    error,
    start,
    commit: (message: string) => void run(message),
    close: () => {
      if (!committing) setOpen(false);
    },
  };
}

export type StagedCommitFlow = ReturnType<typeof useStagedCommit>;

export function StagedCommitDialog({ flow, items }: { flow: StagedCommitFlow; items: CommitItem[] }) {
  return (
    <CommitDialog
      open={flow.open}
      branch={flow.branch}
      items={items}
      committing={flow.committing}
      error={flow.error}
      onCommit={flow.commit}
      onClose={flow.close}
    />
  );
}
