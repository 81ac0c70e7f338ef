import { EditorPlaceholder } from '@/components/workspace/editor-placeholder';

export default function CodePage() {
  return <EditorPlaceholder title="Code" description="Browse and edit the branch's files; each save is one commit." />;
}
