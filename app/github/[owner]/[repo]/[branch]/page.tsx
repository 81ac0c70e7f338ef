import { EditorPlaceholder } from '@/components/workspace/editor-placeholder';

export default function PreviewPage() {
  return <EditorPlaceholder title="Preview" description="The branch's web build, served from a separate origin, appears here." />;
}
