import type { Metadata } from 'next';
import { PageHeader } from '@/components/page-header';

type Props = { params: Promise<{ agentId: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { agentId } = await params;
  return { title: `Agent ${agentId}` };
}

export default async function AgentPage({ params }: Props) {
  const { agentId } = await params;
  return (
    <>
      <PageHeader title="Agent" description={`Agent ID: ${agentId}`} />
      <section className="px-6 py-10 text-slate-600" aria-label="Agent conversation">
        <p>The agent&apos;s conversation, tool steps and diff appear here.</p>
      </section>
    </>
  );
}
