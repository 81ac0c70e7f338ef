'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useAgentAction } from './use-agent-action';
import { FormError } from '@/components/form-error';

/**
 * A plan-first agent's proposed plan, waiting for its owner: approve it as it is, edit it first, or
 * cancel the agent. Once approved, the plan stays readable here.
 */
export function PlanReview({ agentId, plan, pending }: { agentId: string; plan: string; pending: boolean }) {
  const router = useRouter();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(plan);
  const { busy, error, post } = useAgentAction(agentId);

  async function act(path: string, body?: unknown) {
    if (!(await post(path, body))) return;
    setEditing(false);
    router.refresh();
  }

  if (!pending) {
    return (
      <details className="mb-4 rounded-md border border-slate-200 dark:border-slate-700 px-3 py-2 text-sm">
        <summary className="cursor-pointer font-medium">Approved plan</summary>
        <div aria-label="Approved plan" className="mt-2 whitespace-pre-wrap text-slate-700 dark:text-slate-300">
          {plan}
        </div>
      </details>
    );
  }

  return (
    <section aria-labelledby="plan-heading" className="mb-4 rounded-md border border-amber-300 dark:border-amber-700 bg-amber-50/50 dark:bg-amber-950/30 p-3 text-sm">
      <h2 id="plan-heading" className="mb-1 font-semibold">
        Proposed plan
      </h2>
      <p className="mb-2 text-slate-600 dark:text-slate-400">The agent read the repository and waits for you: approve the plan, edit it first, or cancel.</p>
      {editing ? (
        <label className="block">
          <span className="sr-only">Plan</span>
          <textarea
            value={draft}
            onChange={(event) => setDraft(event.target.value)}
            rows={Math.min(20, Math.max(6, draft.split('\n').length + 1))}
            className="w-full rounded-md border border-slate-300 dark:border-slate-600 bg-white dark:bg-slate-900 p-2 font-mono text-xs"
          />
        </label>
      ) : (
        <div aria-label="Plan" className="whitespace-pre-wrap rounded-md bg-white dark:bg-slate-900 p-2 text-slate-800 dark:text-slate-200">
          {draft}
        </div>
      )}
      <FormError look="inline" className="mt-2">{error}</FormError>
      <div className="mt-3 flex flex-wrap gap-2">
        <button
          type="button"
          disabled={busy || !draft.trim()}
          onClick={() => act('plan', { plan: draft })}
          className="rounded-md bg-indigo-600 px-3 py-1 font-medium text-white hover:bg-indigo-700 disabled:opacity-50"
        >
          {editing ? 'Approve edited plan' : 'Approve'}
        </button>
        {editing ? (
          <button
            type="button"
            disabled={busy}
            onClick={() => {
              setDraft(plan);
              setEditing(false);
            }}
            className="rounded-md border border-slate-300 dark:border-slate-600 px-3 py-1 hover:bg-slate-50 dark:hover:bg-slate-900"
          >
            Discard edits
          </button>
        ) : (
          <button
            type="button"
            disabled={busy}
            onClick={() => setEditing(true)}
            className="rounded-md border border-slate-300 dark:border-slate-600 px-3 py-1 hover:bg-slate-50 dark:hover:bg-slate-900"
          >
            Edit plan
          </button>
        )}
        <button
          type="button"
          disabled={busy}
          onClick={() => act('cancel')}
          className="ml-auto rounded-md border border-slate-300 dark:border-slate-600 px-3 py-1 hover:bg-slate-50 dark:hover:bg-slate-900"
        >
          Cancel
        </button>
      </div>
    </section>
  );
}
