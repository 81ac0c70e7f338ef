'use client';

import { useCallback, useState } from 'react';
import { CommitDialog } from '@/components/code/commit-dialog';
import type { ActionResult } from '@/lib/auth/guard';
import type { CommitResult } from '@/lib/github/commits';
import { assetCommitProblem } from '@/lib/media/limits';

export interface AssetCommitFile {
  path: string;
  content: Uint8Array;
  kind: 'create' | 'edit';
}

/** Files to write, and the branch head they were made on (a moved branch is rebased onto or reported). */
export interface AssetCommitRequest {
  files: AssetCommitFile[];
  expectedHeadSha: string;
}

export type Committed = Extract<CommitResult, { status: 'committed' }>;

type CommitAction = (input: {
  owner: string;
  repo: string;
  branch: string;
  expectedHeadSha: string;
  message: string;
  files: Array<{ path: string; content: Uint8Array }>;
}) => Promise<ActionResult<CommitResult>>;

interface Conflict {
  request: AssetCommitRequest;
  message: string;
  headSha: string;
  paths: string[];
}

/**
 * The commit flow of the image and sound editors: the code editor's commit dialog for the
 * message, then one commit. Pictures and sounds cannot be merged line by line, so when someone
 * else changed the same file meanwhile the user chooses: overwrite their version, or keep theirs.
 */
export function useAssetCommit(options: {
  owner: string;
  repo: string;
  branch: string;
  action: CommitAction;
  onCommitted: (result: Committed, request: AssetCommitRequest) => void | Promise<void>;
}) {
  const { owner, repo, branch, action, onCommitted } = options;
  const [request, setRequest] = useState<AssetCommitRequest | null>(null);
  const [committing, setCommitting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [conflict, setConflict] = useState<Conflict | null>(null);

  /** Opens the dialog for these files; returns why they cannot be committed instead, if so. */
  const start = useCallback((next: AssetCommitRequest): string | null => {
    const problem = assetCommitProblem(next.files);
    if (problem) return problem;
    setError(null);
    setConflict(null);
    setRequest(next);
    return null;
  }, []);

  const run = async (target: AssetCommitRequest, message: string) => {
    setCommitting(true);
    setError(null);
    const files = target.files.map(({ path, content }) => ({ path, content }));
    const result = await action({ owner, repo, branch, expectedHeadSha: target.expectedHeadSha, message, files }).catch(() => null);
    if (!result?.ok) {
      setCommitting(false);
      const reason = result?.error.message ?? 'The server could not be reached.';
      if (conflict) setConflict(null);
      setError(`${reason} Nothing was committed; your work is still here.`);
      setRequest(target);
      return;
    }
    setRequest(null);
    if (result.data.status === 'conflict') {
      setConflict({ request: target, message, headSha: result.data.headSha, paths: result.data.conflicts.map((entry) => entry.path) });
    } else {
      setConflict(null);
      await onCommitted(result.data, target);
    }
    setCommitting(false);
  };

  return {
    branch,
    request,
    committing,
    error,
    conflict,
    start,
    commit: (message: string) => request && void run(request, message),
    close: () => {
      if (!committing) setRequest(null);
    },
    /** Commits the same files again on top of the other commit, replacing their version. */
    overwrite: () => conflict && void run({ ...conflict.request, expectedHeadSha: conflict.headSha }, conflict.message),
    dismissConflict: () => setConflict(null),
  };
}

export type AssetCommitFlow = ReturnType<typeof useAssetCommit>;

export function AssetCommitDialog({ flow }: { flow: AssetCommitFlow }) {
  return (
    <CommitDialog
      open={flow.request !== null}
      branch={flow.branch}
      items={(flow.request?.files ?? []).map((file) => ({ path: file.path, change: { kind: file.kind } }))}
      committing={flow.committing}
      error={flow.error}
      onCommit={flow.commit}
      onClose={flow.close}
    />
  );
}

/** Shown when a commit was refused because someone else changed the same files. */
export function CommitConflictBanner({ flow, onKeepTheirs }: { flow: AssetCommitFlow; onKeepTheirs: (paths: string[]) => void }) {
  const { conflict } = flow;
  if (!conflict) return null;
  const names = conflict.paths.join(', ');
  return (
    <div role="alert" className="flex flex-wrap items-center gap-3 border-b border-amber-200 dark:border-amber-800 bg-amber-50 dark:bg-amber-950 px-4 py-2 text-sm text-amber-900 dark:text-amber-100">
      <span>
        Not committed: someone else changed {names} on {flow.branch} since you opened it.
      </span>
      <button
        type="button"
        onClick={flow.overwrite}
        disabled={flow.committing}
        className="rounded-md bg-amber-600 px-2 py-1 font-medium text-white hover:bg-amber-700 disabled:opacity-50"
      >
        {flow.committing ? 'Committing…' : 'Replace theirs with mine'}
      </button>
      <button
        type="button"
        onClick={() => {
          flow.dismissConflict();
          onKeepTheirs(conflict.paths);
        }}
        className="rounded-md px-2 py-1 hover:bg-amber-100 dark:hover:bg-amber-900"
      >
        Keep theirs (drop mine)
      </button>
    </div>
  );
}
