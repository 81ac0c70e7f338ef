import type Anthropic from '@anthropic-ai/sdk';
import { z } from 'zod';
import { type CommandResult, MAX_TIMEOUT_MS, outputTail, SandboxSession, SandboxUnavailableError, sandboxStatus } from '@/lib/sandbox';
import { normalizeRepoPath } from './paths';
import { ToolError } from './tool-error';
import { type BranchWorkspace, decodeText } from './workspace';

/**
 * The `run_command` tool: a shell command in the turn's sandbox (lib/sandbox), and the small config file a
 * repository uses to say how it sets itself up and tests itself (`webedt.json` at its root).
 */

/** Output the model gets back: the end of it, where test summaries and errors are. */
const MODEL_OUTPUT_CHARS = 12_000;

export const REPO_CONFIG_FILE = 'webedt.json';

export const repoConfigSchema = z
  .object({
    setup: z.string().min(1).max(2_000).optional().describe('Command that prepares a fresh working copy, e.g. "npm ci".'),
    test: z.string().min(1).max(2_000).optional().describe('Command that runs the tests, e.g. "npm test".'),
    allowedDomains: z.array(z.string().min(1).max(253)).max(50).optional().describe("Domains commands may reach, within the operator's allowlist."),
  })
  .strict();
export type RepoConfig = z.infer<typeof repoConfigSchema>;

/** The repository's config, or an explanation of why it was not understood (the turn goes on without it). */
export function readRepoConfig(workspace: BranchWorkspace): { config: RepoConfig; problem: string | null } {
  const content = workspace.read(REPO_CONFIG_FILE);
  if (content === null) return { config: {}, problem: null };
  const text = typeof content === 'string' ? content : decodeText(content);
  let json: unknown;
  try {
    json = JSON.parse(text ?? '');
  } catch {
    return { config: {}, problem: `${REPO_CONFIG_FILE} is not valid JSON.` };
  }
  const parsed = repoConfigSchema.safeParse(json);
  if (!parsed.success) return { config: {}, problem: `${REPO_CONFIG_FILE} was ignored: ${z.prettifyError(parsed.error)}` };
  return { config: parsed.data, problem: null };
}

export const runCommandSchema = z
  .object({
    command: z.string().min(1).max(10_000).describe('A bash command line, e.g. "npm test" or "node --test".'),
    cwd: z.string().optional().describe('Folder relative to the repository root to run in; default the root.'),
    timeout_s: z.number().int().min(1).max(MAX_TIMEOUT_MS / 1000).optional().describe(`Wall-time limit in seconds (default 120, at most ${MAX_TIMEOUT_MS / 1000}).`),
  })
  .strict();

export const runCommandTool: Anthropic.Tool = (() => {
  const schema = z.toJSONSchema(runCommandSchema, { io: 'input' });
  delete schema.$schema;
  return {
    name: 'run_command',
    description:
      "Run a shell command (bash) in a sandboxed copy of the branch's files, e.g. the tests, a build, a linter or a formatter. " +
      'Files the command creates, changes or deletes become part of your changes (except what .gitignore ignores). ' +
      'There is no network access unless the operator allowed a domain. You get the exit code, the end of the output and the files changed.',
    input_schema: schema as Anthropic.Tool.InputSchema,
  };
})();

/** What the model reads back from one command. */
export function describeCommandResult(result: CommandResult): string {
  const status = result.cancelled
    ? 'Stopped by the user.'
    : result.limitMessage
      ? `The command ${result.limitMessage}.${result.exitCode !== null ? ` Exit code ${result.exitCode}.` : ''}`
      : `Exit code ${result.exitCode}.`;
  const changed = [
    ...result.changes.created.map((file) => `created ${file}`),
    ...result.changes.modified.map((file) => `changed ${file}`),
    ...result.changes.deleted.map((file) => `deleted ${file}`),
  ];
  const lines = [`${status} (${(result.durationMs / 1000).toFixed(1)} s)`];
  if (changed.length) lines.push(`Files: ${changed.slice(0, 50).join(', ')}${changed.length > 50 ? `, and ${changed.length - 50} more` : ''}.`);
  lines.push(result.output ? `Output:\n${outputTail(result.output, MODEL_OUTPUT_CHARS)}` : 'No output.');
  return lines.join('\n');
}

/** Runs one `run_command` call in the turn's sandbox; the model's mistakes come back as ToolError. */
export async function runCommandCall(
  sandbox: SandboxSession,
  workspace: BranchWorkspace,
  input: z.infer<typeof runCommandSchema>,
  options: { signal?: AbortSignal; onOutput?: (text: string) => void },
): Promise<CommandResult> {
  const cwd = normalizeRepoPath(input.cwd ?? '', { allowRoot: true });
  if (cwd && !workspace.isDirectory(cwd)) throw new ToolError(`There is no folder "${cwd}" in the branch; run from the root or an existing folder.`);
  try {
    return await sandbox.run(input.command, { cwd, timeoutMs: input.timeout_s ? input.timeout_s * 1000 : undefined, ...options });
  } catch (error) {
    if (error instanceof SandboxUnavailableError) throw new ToolError(error.message);
    throw error;
  }
}

export interface TurnCommands {
  /** The turn's sandbox, when commands can run. */
  sandbox?: SandboxSession;
  /** For the system prompt. */
  commands: { available: true; config: RepoConfig } | { available: false; reason: string };
  /** A problem with the repository's config file, to show the person. */
  configProblem: string | null;
  /** Ends the sandbox (removes its working copy). */
  close(): Promise<void>;
}

/** A turn's commands: its sandbox on the turn's workspace (made lazily, by the first command) and the repository's config. */
export async function turnCommands(workspace: BranchWorkspace): Promise<TurnCommands> {
  const { config, problem } = readRepoConfig(workspace);
  const status = await sandboxStatus();
  if (!status.available) {
    return { commands: { available: false, reason: status.reason }, configProblem: problem, close: async () => {} };
  }
  const sandbox = new SandboxSession(workspace, { allowedDomains: config.allowedDomains, testCommand: config.test });
  return { sandbox, commands: { available: true, config }, configProblem: problem, close: () => sandbox.close() };
}
