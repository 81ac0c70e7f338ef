import type { AgentStatus } from '@/lib/db/schema';

const styles: Record<AgentStatus, string> = {
  queued: 'bg-slate-100 dark:bg-slate-800 text-slate-700 dark:text-slate-300',
  running: 'bg-blue-50 dark:bg-blue-950 text-blue-800 dark:text-blue-200',
  waiting: 'bg-amber-50 dark:bg-amber-950 text-amber-800 dark:text-amber-200',
  completed: 'bg-emerald-50 dark:bg-emerald-950 text-emerald-800 dark:text-emerald-200',
  failed: 'bg-red-50 dark:bg-red-950 text-red-800 dark:text-red-200',
  cancelled: 'bg-slate-100 dark:bg-slate-800 text-slate-500 dark:text-slate-400',
};

const labels: Record<AgentStatus, string> = {
  queued: 'Queued',
  running: 'Running',
  waiting: 'Waiting for you',
  completed: 'Completed',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

export function StatusBadge({ status }: { status: AgentStatus }) {
  return (
    <span data-testid="agent-status" className={`inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium ${styles[status]}`}>
      {status === 'running' ? <span aria-hidden="true" className="h-1.5 w-1.5 animate-pulse rounded-full bg-blue-600" /> : null}
      {labels[status]}
    </span>
  );
}
