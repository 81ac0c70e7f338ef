import { SoundWorkspace } from '@/components/sounds/sound-workspace';
import { assetPageProps } from '@/lib/media/listing';
import { SOUND_EXTENSIONS } from '@/lib/sounds/formats';

export default async function SoundsPage() {
  return <SoundWorkspace {...await assetPageProps(SOUND_EXTENSIONS)} />;
}
