import { headers } from 'next/headers';
import { PreviewFrame } from '@/components/preview/preview-frame';
import { toAppError } from '@/lib/errors';
import { issuePreviewLink, type PreviewLink } from '@/lib/preview/links';
import { loadWorkspace } from '@/lib/workspace/context';

/** Preview: the branch's index.html from the preview origin, in a sandboxed frame. */
export default async function PreviewPage() {
  const { github, owner, repo, branch, user } = await loadWorkspace();
  let link: PreviewLink | null = null;
  let error: string | null = null;
  try {
    link = await issuePreviewLink(github, { userId: user.id, owner, repo, branch }, (await headers()).get('host'));
  } catch (failure) {
    error = toAppError(failure).message;
  }
  return <PreviewFrame owner={owner} repo={repo} branch={branch} initialLink={link} initialError={error} />;
}
