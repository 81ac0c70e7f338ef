import { EditorPlaceholder } from '@/components/workspace/editor-placeholder';

export default function ScenesPage() {
  return <EditorPlaceholder title="Scenes" description="The branch's scene files, edited on a canvas." />;
}
