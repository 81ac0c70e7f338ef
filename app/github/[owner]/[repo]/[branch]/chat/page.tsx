import { LiveChat } from '@/components/live-chat/live-chat';
import { loadChatPage } from '@/lib/live-chat/page';
import { loadWorkspace } from '@/lib/workspace/context';

export default async function LiveChatPage() {
  const workspace = await loadWorkspace();
  const chat = await loadChatPage(workspace);
  return (
    <LiveChat
      owner={workspace.owner}
      repo={workspace.repo}
      branch={workspace.branch}
      initialMessages={chat.messages}
      files={chat.files}
      filesComplete={chat.filesComplete}
      disabledReason={chat.disabledReason}
      commandsUnavailable={chat.commandsUnavailable}
    />
  );
}
