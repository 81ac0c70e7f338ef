'use server';

import { repoAction } from '@/lib/auth';
import { IMAGE_EXTENSIONS } from '@/lib/images/formats';
import { assetCommitInput, commitAssets } from '@/lib/media/commit';
import { assetListingInput, readAssetListing } from '@/lib/media/listing';

/** The branch's images (read access). */
export const listImages = repoAction('read', assetListingInput, async (input, { github }) => readAssetListing(github, input, IMAGE_EXTENSIONS));

/** Added and edited images as one commit (push access). */
export const commitImages = repoAction('write', assetCommitInput(IMAGE_EXTENSIONS, 'an image'), async (input, context) => commitAssets(input, context, 'images'));
