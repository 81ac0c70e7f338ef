'use server';

import { repoAction } from '@/lib/auth';
import { assetCommitInput, commitAssets } from '@/lib/media/commit';
import { assetListingInput, readAssetListing } from '@/lib/media/listing';
import { SOUND_EXTENSIONS, WRITABLE_SOUND_EXTENSIONS } from '@/lib/sounds/formats';

/** The branch's sounds (read access). */
export const listSounds = repoAction('read', assetListingInput, async (input, { github }) => readAssetListing(github, input, SOUND_EXTENSIONS));

/** Edited, recorded and generated sounds as one commit of WAV files (push access). */
export const commitSounds = repoAction('write', assetCommitInput(WRITABLE_SOUND_EXTENSIONS, 'a WAV'), async (input, context) => commitAssets(input, context, 'sounds'));
