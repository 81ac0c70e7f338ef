import { EditorPlaceholder } from '@/components/workspace/editor-placeholder';

export default function SoundsPage() {
  return <EditorPlaceholder title="Sounds" description="The branch's sounds, with waveforms to trim and preview." />;
}
