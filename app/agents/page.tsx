import type { Metadata } from 'next';
import { PageHeader } from '@/components/page-header';

export const metadata: Metadata = { title: 'Agents' };

export default function AgentsPage() {
  return (
    <>
      <PageHeader title="My Agents" description="Background agents that work on a task in a repository, on their own branch." />
      <section className="px-6 py-10 text-center text-slate-600" aria-label="Agents">
        <p className="font-medium text-slate-800">No agents yet</p>
        <p className="mt-1 text-sm">Agents you start appear here with their status, branch and cost.</p>
      </section>
    </>
  );
}
