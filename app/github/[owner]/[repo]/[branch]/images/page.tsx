import { ImageWorkspace } from '@/components/images/image-workspace';
import { IMAGE_EXTENSIONS } from '@/lib/images/formats';
import { pageAssetListing } from '@/lib/media/listing';
import { loadWorkspace } from '@/lib/workspace/context';
import { readOnlyReason } from '@/lib/workspace/read-only';

export default async function ImagesPage() {
  const workspace = await loadWorkspace();
  const { owner, repo, branch, permission } = workspace;
  const { listing, error } = await pageAssetListing(workspace, IMAGE_EXTENSIONS);
  return (
    <ImageWorkspace
      owner={owner}
      repo={repo}
      branch={branch}
      readOnlyReason={readOnlyReason(permission, owner, repo)}
      initialListing={listing}
      listingError={error}
    />
  );
}
