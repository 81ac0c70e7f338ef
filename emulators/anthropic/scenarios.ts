/**
 * Scripted scenarios: which reply answers a request. A scenario is chosen by a `[scenario:name]` marker in
 * a user message (newest first), else by the controls, else the default echo answer. Within a scenario the
 * first turn whose conditions hold answers; a turn without conditions answers the step at its position.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { Scenario, ScenarioTurn } from './control';
import { type Conversation, newId, type ResponseBlock } from './protocol';

const blockSchema = z.union([
  z.object({ text: z.string() }).strict(),
  z.object({ tool: z.string().regex(/^[a-zA-Z0-9_-]{1,128}$/), input: z.record(z.string(), z.unknown()) }).strict(),
]);

export const scenarioSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lowercase letters, digits and dashes'),
    description: z.string(),
    tokenDelayMs: z.number().int().min(0).max(10_000).optional(),
    turns: z
      .array(
        z
          .object({
            when: z
              .object({
                step: z.number().int().min(0).optional(),
                userText: z.string().optional(),
                toolResult: z.object({ isError: z.boolean().optional(), contains: z.string().optional() }).strict().optional(),
                systemText: z.string().optional(),
                toolsAbsent: z.array(z.string()).optional(),
              })
              .strict()
              .optional(),
            reply: z.array(blockSchema).min(1),
          })
          .strict(),
      )
      .min(1),
  })
  .strict() satisfies z.ZodType<Scenario>;

export const SCENARIOS_DIR = path.join(import.meta.dirname, 'scenarios');

/** Every `*.json` scenario in `dir`, validated; a broken file stops the emulator with its name. */
export async function loadScenarios(dir = SCENARIOS_DIR): Promise<Map<string, Scenario>> {
  const scenarios = new Map<string, Scenario>();
  for (const file of (await readdir(dir)).filter((f) => f.endsWith('.json')).sort()) {
    const parsed = scenarioSchema.safeParse(JSON.parse(await readFile(path.join(dir, file), 'utf8')));
    if (!parsed.success) throw new Error(`Invalid scenario ${file}: ${z.prettifyError(parsed.error)}`);
    scenarios.set(parsed.data.name, parsed.data);
  }
  return scenarios;
}

const MARKER = /\[scenario:([a-z0-9][a-z0-9-]*)\]/;

/** The scenario named by the newest marker in the user's messages, if any. */
export function markedScenario(conversation: Conversation): string | null {
  for (const text of conversation.userTexts) {
    const match = MARKER.exec(text);
    if (match?.[1]) return match[1];
  }
  return null;
}

function matches(turn: ScenarioTurn, index: number, conversation: Conversation): boolean {
  const when = turn.when;
  if (!when) return conversation.step === index;
  if (when.step !== undefined && when.step !== conversation.step) return false;
  if (when.userText !== undefined && !conversation.lastUserText.includes(when.userText)) return false;
  if (when.systemText !== undefined && !conversation.system.includes(when.systemText)) return false;
  if (when.toolsAbsent?.some((tool) => conversation.toolNames.includes(tool))) return false;
  if (when.toolResult) {
    const { isError, contains } = when.toolResult;
    const found = conversation.toolResults.some(
      (r) => (isError === undefined || r.isError === isError) && (contains === undefined || r.text.includes(contains)),
    );
    if (!found) return false;
  }
  return true;
}

const text = (value: string): ResponseBlock[] => [{ type: 'text', text: value, citations: null }];

/** The blocks a scenario answers with; a mismatch is answered in words so a test shows what went wrong. */
export function scenarioReply(scenario: Scenario, conversation: Conversation): ResponseBlock[] {
  const turn = scenario.turns.find((t, i) => matches(t, i, conversation));
  if (!turn) return text(`[emulator] Scenario "${scenario.name}" has no turn for step ${conversation.step} of this conversation.`);
  const missing = turn.reply.flatMap((b) => ('tool' in b && !conversation.toolNames.includes(b.tool) ? [b.tool] : []));
  if (missing.length) {
    return text(`[emulator] Scenario "${scenario.name}" calls ${missing.join(', ')}, which the request does not offer as a tool.`);
  }
  return turn.reply.map((b) =>
    'tool' in b
      ? { type: 'tool_use', id: newId('toolu'), name: b.tool, input: b.input, caller: { type: 'direct' } }
      : { type: 'text', text: b.text, citations: null },
  );
}

/** The answer when no scenario is chosen: friendly, deterministic, echoing the request. */
export function defaultReply(conversation: Conversation): ResponseBlock[] {
  if (conversation.step > 0) return text(`Thanks, I have the results of ${conversation.toolResults.length} tool call(s).`);
  const quoted = conversation.lastUserText.length > 200 ? `${conversation.lastUserText.slice(0, 200)}…` : conversation.lastUserText;
  const tools = conversation.toolNames.length ? ` I can use ${conversation.toolNames.length} tools: ${conversation.toolNames.join(', ')}.` : '';
  return text(`Hello! This is the Anthropic emulator. You said: "${quoted}".${tools}`);
}

export function unknownScenarioReply(name: string, known: Iterable<string>): ResponseBlock[] {
  return text(`[emulator] There is no scenario "${name}". Known scenarios: ${[...known].sort().join(', ')}.`);
}
