'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { apiErrorMessage } from '@/lib/api-client';

export function PullRequestButton({ agentId }: { agentId: string }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function create() {
    setBusy(true);
    setError(null);
    const response = await fetch(`/api/agents/${agentId}/pull-request`, { method: 'POST' });
    setBusy(false);
    if (response.ok) return router.refresh();
    setError(await apiErrorMessage(response));
  }
  return (
    <span className="inline-flex flex-col items-end gap-1">
      <button
        type="button"
        onClick={create}
        disabled={busy}
        className="rounded-md border border-slate-300 dark:border-slate-600 px-3 py-1 text-sm font-medium hover:bg-slate-50 dark:hover:bg-slate-900 disabled:opacity-50"
      >
        {busy ? 'Creating…' : 'Create pull request'}
      </button>
      {error ? (
        <span role="alert" className="text-xs text-red-700 dark:text-red-300">
          {error}
        </span>
      ) : null}
    </span>
  );
}
