import type Anthropic from '@anthropic-ai/sdk';
import { randomUUID } from 'node:crypto';
import type { CommitConflict } from '@/lib/github/commits';
import { type BranchWorkspace, decodeText, type FileChange } from '@/lib/llm/workspace';

/**
 * A true conflict between an agent's turn and a person's commit, handed to the agent to resolve. The turn
 * asked to commit (a `commit` call the runner adds to its last answer); the answer to that call is the
 * conflict: per file, its own version and the one now on the branch. The agent goes on in a workspace of
 * the new head with its other changes applied and the conflicting files as the person left them, so what it
 * commits next sits on top of the person's commit and keeps it unless the agent removes it deliberately.
 */

/** A conflicting file's text is shown up to this many characters a side. */
const MAX_SHOWN_CHARS = 20_000;

const shown = (content: string | Uint8Array | null): string => {
  if (content === null) return '(deleted)';
  const text = typeof content === 'string' ? content : decodeText(content);
  if (text === null) return '(a binary file)';
  return text.length > MAX_SHOWN_CHARS ? `${text.slice(0, MAX_SHOWN_CHARS)}\n… (cut)` : text;
};

/** Puts the turn's changes to files nobody else touched onto `next` (the branch at its new head). */
export function reapplyChanges(next: BranchWorkspace, changes: readonly FileChange[], conflicts: readonly CommitConflict[]): void {
  const conflicting = new Set(conflicts.map((conflict) => conflict.path));
  for (const change of changes) {
    if (conflicting.has(change.path)) continue;
    if ('delete' in change) {
      if (next.exists(change.path)) next.delete(change.path);
    } else next.write(change.path, change.content);
  }
}

/** What the `commit` call answers: the conflict, file by file, and what to do about it. */
export function conflictReport(branch: string, headSha: string, mine: BranchWorkspace, theirs: BranchWorkspace, conflicts: readonly CommitConflict[]): string {
  const files = conflicts.map(
    ({ path }) =>
      `## ${path}\nYour version:\n<<<<<<< yours\n${shown(mine.read(path))}\n=======\n${shown(theirs.read(path))}\n>>>>>>> on the branch now\n`,
  );
  return [
    `Commit refused: conflict. While you worked, someone committed to "${branch}" (now at ${headSha.slice(0, 7)}) and changed the same files: ${conflicts.map((c) => c.path).join(', ')}.`,
    'Nothing was overwritten. The workspace now shows the branch at its new head, with your changes to other files applied again; the conflicting files are as the other person left them.',
    'Resolve the conflict: edit each conflicting file so that it keeps their change and makes yours, then finish your turn. What you then have is committed on top of their commit.',
    '',
    ...files,
  ].join('\n');
}

/**
 * The turn's messages with the commit call and its conflicting answer appended: the call joins the
 * turn's last answer (or opens one, when the turn ended on tool results).
 */
export function withCommitConflict(added: readonly Anthropic.MessageParam[], report: string): Anthropic.MessageParam[] {
  const call: Anthropic.ToolUseBlockParam = { type: 'tool_use', id: `toolu_commit_${randomUUID().replaceAll('-', '')}`, name: 'commit', input: {} };
  const messages = [...added];
  const last = messages.at(-1);
  if (last?.role === 'assistant') {
    const content = typeof last.content === 'string' ? [{ type: 'text' as const, text: last.content }] : last.content;
    messages[messages.length - 1] = { role: 'assistant', content: [...content, call] };
  } else messages.push({ role: 'assistant', content: [call] });
  messages.push({ role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: report, is_error: true }] });
  return messages;
}
