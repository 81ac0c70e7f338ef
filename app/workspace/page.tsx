import type { Metadata } from 'next';
import { PageHeader } from '@/components/page-header';

export const metadata: Metadata = { title: 'Workspace' };

export default function WorkspacePage() {
  return (
    <>
      <PageHeader title="Workspace" description="Pick a repository and a branch to open its live workspace." />
      <section className="px-6 py-10 text-center text-slate-600" aria-label="Repositories">
        <p className="font-medium text-slate-800">No workspaces yet</p>
        <p className="mt-1 text-sm">Sign in with GitHub to choose a repository and branch.</p>
      </section>
    </>
  );
}
