import { EditorPlaceholder } from '@/components/workspace/editor-placeholder';

export default function LiveChatPage() {
  return <EditorPlaceholder title="Live Chat" description="Ask the assistant to work on this branch; its edits become commits." />;
}
