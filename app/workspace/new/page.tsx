import type { Metadata } from 'next';
import { WorkspaceChooser } from '@/components/workspace/workspace-chooser';

export const metadata: Metadata = { title: 'New branch' };

type Props = { searchParams: Promise<{ repo?: string | string[] }> };

export default async function NewBranchPage({ searchParams }: Props) {
  const { repo } = await searchParams;
  return <WorkspaceChooser selected={typeof repo === 'string' ? repo : undefined} mode="auto" basePath="/workspace/new" />;
}
