import { ImageWorkspace } from '@/components/images/image-workspace';
import { IMAGE_EXTENSIONS } from '@/lib/images/formats';
import { assetPageProps } from '@/lib/media/listing';

export default async function ImagesPage() {
  return <ImageWorkspace {...await assetPageProps(IMAGE_EXTENSIONS)} />;
}
