import { EditorPlaceholder } from '@/components/workspace/editor-placeholder';

export default function ImagesPage() {
  return <EditorPlaceholder title="Images" description="The branch's images, with an editor for pixels and sprites." />;
}
