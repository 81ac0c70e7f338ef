'use client';

import { useSelectedLayoutSegment } from 'next/navigation';
import { useEffect } from 'react';
import { recordVisit } from '@/app/github/[owner]/[repo]/[branch]/actions';
import { pageOfSegment } from '@/lib/workspace/urls';

/**
 * Records each tab the user lands on, including through back/forward, which Next.js serves from its
 * client cache without asking the server.
 */
export function VisitRecorder({ owner, repo, branch }: { owner: string; repo: string; branch: string }) {
  const page = pageOfSegment(useSelectedLayoutSegment());
  useEffect(() => {
    if (page) void recordVisit({ owner, repo, branch, page, at: Date.now() });
  }, [owner, repo, branch, page]);
  return null;
}
