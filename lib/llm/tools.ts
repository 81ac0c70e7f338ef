import type Anthropic from '@anthropic-ai/sdk';
import { z } from 'zod';
import { SearchTimeoutError, searchFilesWithin } from '@/lib/code/search-deadline';
import { clipLine, compileQuery, MAX_PATTERN_LENGTH } from '@/lib/code/text-search';
import { normalizeRepoPath } from './paths';
import { ToolError } from './tool-error';
import { type BranchWorkspace, decodeText } from './workspace';

/**
 * The file tools of the tool loop, over a `BranchWorkspace`. Inputs are validated with zod (and offered to
 * the model as the JSON Schema of the same definitions); every expected failure — a bad path, a missing file,
 * an edit that does not match — becomes an `is_error` tool result the model can recover from.
 */

const MAX_LIST_ENTRIES = 1_000;
const MAX_READ_LINES = 2_000;
const MAX_SEARCH_RESULTS = 200;
const MAX_WRITE_BYTES = 5 * 1024 * 1024;

const path = z.string().describe('Path relative to the repository root, e.g. "src/main.ts".');
const folder = z.string().describe('Folder relative to the repository root; "" or omitted for the whole repository.');

const schemas = {
  list_files: z
    .object({
      path: folder.optional(),
      recursive: z.boolean().optional().describe('List every file below the folder (default true); false lists one level.'),
    })
    .strict(),
  read_file: z
    .object({
      path,
      start_line: z.number().int().min(1).max(10_000_000).optional().describe('First line to show (1-based).'),
      end_line: z.number().int().min(1).max(10_000_000).optional().describe('Last line to show (inclusive).'),
    })
    .strict(),
  search: z
    .object({
      pattern: z.string().min(1).max(MAX_PATTERN_LENGTH).describe('Text to find, or a JavaScript regular expression when regex is true.'),
      regex: z.boolean().optional().describe('Treat pattern as a regular expression (default false).'),
      path: folder.optional(),
      case_sensitive: z.boolean().optional().describe('Default false.'),
      max_results: z.number().int().min(1).max(MAX_SEARCH_RESULTS).optional().describe(`Default 50, at most ${MAX_SEARCH_RESULTS}.`),
    })
    .strict(),
  write_file: z.object({ path, content: z.string().describe('The complete new content of the file.') }).strict(),
  edit_file: z
    .object({
      path,
      old_string: z.string().min(1).describe('Exact text to replace, including whitespace and indentation.'),
      new_string: z.string().describe('Replacement text.'),
      replace_all: z.boolean().optional().describe('Replace every occurrence (default false: old_string must occur exactly once).'),
    })
    .strict(),
  delete_file: z.object({ path }).strict(),
};

export type ToolName = keyof typeof schemas;
type Inputs = { [K in ToolName]: z.infer<(typeof schemas)[K]> };

const descriptions: Record<ToolName, string> = {
  list_files: 'List the files of the branch (paths relative to the repository root), optionally below one folder.',
  read_file:
    'Read a text file of the branch. Lines are shown as "<number>\\t<text>"; the numbers are not part of the file. ' +
    `At most ${MAX_READ_LINES} lines per call: use start_line/end_line for longer files.`,
  search: 'Search the text files of the branch for a string or regular expression. Returns "path:line: text" for each match.',
  write_file: 'Create a file, or replace the whole content of an existing one. Prefer edit_file for changes to existing files.',
  edit_file:
    'Replace an exact string in a file. old_string must match the file exactly (copy it from read_file without the line numbers) ' +
    'and occur once, unless replace_all is true.',
  delete_file: 'Delete a file from the branch.',
};

/** The tool definitions sent to the API. */
export const fileTools: Anthropic.Tool[] = (Object.keys(schemas) as ToolName[]).map((name) => {
  const schema = z.toJSONSchema(schemas[name], { io: 'input' });
  delete schema.$schema;
  return { name, description: descriptions[name], input_schema: schema as Anthropic.Tool.InputSchema };
});

/** The tools that only look: a plan-first agent's planning turn gets these alone. */
const READ_ONLY_TOOLS: ReadonlySet<string> = new Set<ToolName>(['list_files', 'read_file', 'search']);

export const readOnlyFileTools: Anthropic.Tool[] = fileTools.filter((tool) => READ_ONLY_TOOLS.has(tool.name));

export function isReadOnlyTool(name: string): boolean {
  return READ_ONLY_TOOLS.has(name);
}

function textFile(workspace: BranchWorkspace, path: string): string {
  const content = workspace.read(path);
  if (content === null) {
    throw new ToolError(workspace.isDirectory(path) ? `"${path}" is a folder; use list_files to see its files.` : `There is no file "${path}". Use list_files or search to find the right path.`);
  }
  const text = typeof content === 'string' ? content : decodeText(content);
  if (text === null) throw new ToolError(`"${path}" is a binary file (${content.length} bytes); it cannot be read or edited as text.`);
  return text;
}

function filesBelow(workspace: BranchWorkspace, folderPath: string): string[] {
  if (!workspace.isDirectory(folderPath)) {
    throw new ToolError(workspace.exists(folderPath) ? `"${folderPath}" is a file, not a folder.` : `There is no folder "${folderPath}".`);
  }
  const prefix = folderPath ? `${folderPath}/` : '';
  return workspace.files().filter((file) => file.startsWith(prefix));
}

const run: { [K in ToolName]: (workspace: BranchWorkspace, input: Inputs[K]) => string } = {
  list_files(workspace, input) {
    const folderPath = normalizeRepoPath(input.path ?? '', { allowRoot: true });
    const files = filesBelow(workspace, folderPath);
    const prefix = folderPath ? `${folderPath}/` : '';
    const entries =
      input.recursive === false
        ? [...new Set(files.map((file) => { const rest = file.slice(prefix.length); const slash = rest.indexOf('/'); return slash < 0 ? file : `${prefix}${rest.slice(0, slash)}/`; }))]
        : files;
    if (!entries.length) return `${folderPath || 'The repository'} has no files.`;
    const shown = entries.slice(0, MAX_LIST_ENTRIES).join('\n');
    return entries.length > MAX_LIST_ENTRIES ? `${shown}\n… ${entries.length - MAX_LIST_ENTRIES} more; list a subfolder to see them.` : shown;
  },

  read_file(workspace, input) {
    const target = normalizeRepoPath(input.path);
    const lines = textFile(workspace, target).split('\n');
    if (lines.at(-1) === '' && lines.length > 1) lines.pop();
    const start = input.start_line ?? 1;
    if (start > lines.length) throw new ToolError(`"${target}" has ${lines.length} lines; start_line ${start} is past its end.`);
    const wanted = Math.min(input.end_line ?? lines.length, lines.length);
    if (wanted < start) throw new ToolError(`end_line ${wanted} is before start_line ${start}.`);
    const end = Math.min(wanted, start + MAX_READ_LINES - 1);
    const body = lines
      .slice(start - 1, end)
      .map((line, i) => `${String(start + i).padStart(6)}\t${clipLine(line)}`)
      .join('\n');
    return end < wanted ? `${body}\n… (${lines.length} lines in all; read on with start_line ${end + 1})` : body;
  },

  search(workspace, input) {
    const folderPath = normalizeRepoPath(input.path ?? '', { allowRoot: true });
    const compiled = compileQuery({ pattern: input.pattern, regex: input.regex, caseSensitive: input.case_sensitive });
    if ('problem' in compiled) throw new ToolError(compiled.problem);
    let outcome;
    try {
      outcome = searchFilesWithin(workspace.texts(filesBelow(workspace, folderPath)), compiled.matcher, input.max_results ?? 50);
    } catch (error) {
      if (error instanceof SearchTimeoutError) throw new ToolError(error.message);
      throw error;
    }
    const { matches, truncated } = outcome;
    if (!matches.length) return `No matches for ${JSON.stringify(input.pattern)}${folderPath ? ` in ${folderPath}/` : ''}.`;
    const results = matches.map((match) => `${match.path}:${match.line}: ${match.preview.trim()}`).join('\n');
    return truncated ? `${results}\n… more matches; narrow the search or raise max_results.` : results;
  },

  write_file(workspace, input) {
    const target = normalizeRepoPath(input.path);
    const bytes = Buffer.byteLength(input.content, 'utf8');
    if (bytes > MAX_WRITE_BYTES) throw new ToolError(`The content is ${bytes} bytes; files written by the assistant are limited to ${MAX_WRITE_BYTES} bytes.`);
    const outcome = workspace.write(target, input.content);
    return `${outcome === 'created' ? 'Created' : 'Replaced'} ${target} (${bytes} bytes).`;
  },

  edit_file(workspace, input) {
    const target = normalizeRepoPath(input.path);
    const text = textFile(workspace, target);
    let { old_string: oldString, new_string: newString } = input;
    // Files with Windows line endings: the model quotes lines with "\n".
    if (!text.includes(oldString) && text.includes('\r\n') && !oldString.includes('\r')) {
      oldString = oldString.replaceAll('\n', '\r\n');
      newString = newString.replaceAll('\n', '\r\n');
    }
    if (oldString === newString) throw new ToolError('old_string and new_string are the same; nothing to change.');
    const count = text.split(oldString).length - 1;
    if (count === 0) throw new ToolError(`old_string was not found in ${target}. Read the file again and copy the text exactly (without line numbers).`);
    if (count > 1 && !input.replace_all) {
      throw new ToolError(`old_string occurs ${count} times in ${target}. Include more surrounding text to make it unique, or set replace_all.`);
    }
    workspace.write(target, input.replace_all ? text.replaceAll(oldString, () => newString) : text.replace(oldString, () => newString));
    return `Edited ${target}: replaced ${count === 1 ? 'one occurrence' : `${count} occurrences`}.`;
  },

  delete_file(workspace, input) {
    const target = normalizeRepoPath(input.path);
    workspace.delete(target);
    return `Deleted ${target}.`;
  },
};

export interface ToolOutcome {
  output: string;
  isError: boolean;
}

function isToolName(name: string): name is ToolName {
  return Object.hasOwn(schemas, name);
}

/** Runs one tool call. Never throws for the model's mistakes: they come back as `isError` outcomes. */
export function runTool(workspace: BranchWorkspace, name: string, input: unknown): ToolOutcome {
  if (!isToolName(name)) return { output: `There is no tool "${name}". Available: ${Object.keys(schemas).join(', ')}.`, isError: true };
  const parsed = schemas[name].safeParse(input);
  if (!parsed.success) return { output: `Invalid input for ${name}: ${z.prettifyError(parsed.error)}`, isError: true };
  try {
    return { output: (run[name] as (w: BranchWorkspace, i: unknown) => string)(workspace, parsed.data), isError: false };
  } catch (error) {
    if (error instanceof ToolError) return { output: error.message, isError: true };
    throw error;
  }
}
