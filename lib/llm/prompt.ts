/** The system prompt of a tool-loop turn: who the assistant works for, on which branch, what the user sees. */
import type { RepoConfig } from './commands';
import type { BranchRef } from './workspace';

export interface PromptContext extends BranchRef {
  /** The workspace page the user is on (code, images, sounds, scenes, chat, preview), if known. */
  page?: string;
  /** The file open in the user's editor, if any. */
  openFile?: string;
  /** The user's selection in that file (1-based lines), if any. */
  selection?: { startLine: number; endLine: number };
  /** How the turn's changes are delivered, e.g. "They become one commit, attributed to the user." */
  delivery: string;
  /** Whether run_command is offered, with the repository's setup and test commands (webedt.json). */
  commands?: { available: true; config: RepoConfig } | { available: false; reason: string };
  /** What this turn must do beyond the usual (an agent's planning turn, or the plan it was approved to follow). */
  instructions?: string | null;
}

function commandsNote(commands: PromptContext['commands']): string {
  if (!commands) return '';
  if (!commands.available) return `You cannot run commands here (${commands.reason}); say so if the user asks you to.`;
  const { setup, test } = commands.config;
  return [
    'run_command runs shell commands in a sandboxed copy of the branch (no network), to test, build, lint or format.',
    setup ? `The repository sets itself up with \`${setup}\`: run it first when a command needs it.` : '',
    test
      ? `The repository's tests run with \`${test}\`. Run them before you finish when you changed code, and fix what fails.`
      : 'When the repository has tests, run them before you finish when you changed code, and fix what fails.',
  ]
    .filter(Boolean)
    .join(' ');
}

export function systemPrompt(context: PromptContext): string {
  const where = [
    context.page ? `The user is on the ${context.page} page of the workspace.` : '',
    context.openFile ? `They have ${context.openFile} open in the editor.` : '',
    context.openFile && context.selection ? `They selected lines ${context.selection.startLine}–${context.selection.endLine} of it.` : '',
  ]
    .filter(Boolean)
    .join(' ');
  return [
    `You are the coding assistant of WebEDT, working on the GitHub repository ${context.owner}/${context.repo}, ` +
      `branch "${context.branch}" (${context.sha ? `commit ${context.sha.slice(0, 7)}` : 'an empty repository: no commits yet'}).`,
    'Use the tools to look at files before you answer questions about them or change them. Paths are relative to the ' +
      'repository root. Change files only when the user asks for a change; prefer edit_file for small edits.',
    `Your file changes in this turn are collected and applied together when you finish. ${context.delivery} ` +
      'If the user stops you, nothing is applied.',
    commandsNote(context.commands),
    context.instructions ?? '',
    where,
    'Answer concisely in Markdown; name the files you changed.',
  ]
    .filter(Boolean)
    .join('\n\n');
}
