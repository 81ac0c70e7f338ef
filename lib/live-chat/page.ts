import 'server-only';
import { db } from '@/lib/db';
import { env } from '@/lib/env';
import { readTree } from '@/lib/github/tree';
import { LLM_NOT_CONFIGURED, llmConfigured } from '@/lib/llm/client';
import { objectStore } from '@/lib/storage';
import type { Workspace } from '@/lib/workspace/context';
import { commandsUnavailable } from '@/lib/sandbox/status';
import { listMessages, pruneExpired } from './history';
import type { ChatMessageView } from './protocol';

/** Files offered when attaching one; a larger tree is still attachable by typing the path. */
const MAX_LISTED_FILES = 5_000;

export interface ChatPageData {
  messages: ChatMessageView[];
  files: string[];
  filesComplete: boolean;
  disabledReason: string | null;
  /** Why the assistant cannot run commands here, or null when it can. */
  commandsUnavailable: string | null;
}

/** What the Live Chat page shows for the signed-in user on the workspace's branch. */
export async function loadChatPage(workspace: Workspace): Promise<ChatPageData> {
  const { owner, repo, branch, user, permission, github, headSha } = workspace;
  await pruneExpired(db(), objectStore(), env().LIVE_CHAT_RETENTION_DAYS);
  const [messages, tree] = await Promise.all([
    listMessages(db(), { owner, repo, branch, userId: user.id }),
    readTree(github, owner, repo, headSha).catch((error: unknown) => {
      console.error('[live-chat] could not list the files of', `${owner}/${repo}@${branch}:`, error instanceof Error ? error.message : error);
      return null;
    }),
  ]);
  const files = tree ? tree.entries.filter((entry) => entry.type === 'blob').map((entry) => entry.path) : [];
  let disabledReason: string | null = null;
  if (!llmConfigured()) disabledReason = LLM_NOT_CONFIGURED;
  else if (permission === 'read') {
    disabledReason = `You have read-only access to ${owner}/${repo}. The assistant commits its changes to the branch, so Live Chat needs write permission.`;
  }
  return {
    messages,
    files: files.slice(0, MAX_LISTED_FILES),
    filesComplete: tree !== null && !tree.truncated && files.length <= MAX_LISTED_FILES,
    disabledReason,
    commandsUnavailable: await commandsUnavailable(),
  };
}
