import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Scenario, ScenarioBlock } from '@/emulators/anthropic/control';
import { loadScenarios } from '@/emulators/anthropic/scenarios';
import { runCommandTool } from '@/lib/llm/commands';
import { fileTools } from '@/lib/llm/tools';
import { startTestAnthropic, type TestAnthropic } from '../../support/anthropic';

/**
 * Every shipped scenario, driven step by step through the official SDK, streaming and not: each answer the SDK
 * assembles must be exactly the scripted turn. Tool results are made up to satisfy the next turn's conditions.
 */
let emulator: TestAnthropic;
let client: Anthropic;
const scenarios = await loadScenarios();

beforeAll(async () => {
  emulator = await startTestAnthropic();
  client = new Anthropic({ apiKey: emulator.apiKey, baseURL: emulator.url, maxRetries: 0 });
});
afterAll(async () => {
  await emulator?.close();
});

const comparable = (content: Anthropic.ContentBlock[]) =>
  content.map((block) => {
    if (block.type === 'text') return { text: block.text };
    if (block.type === 'tool_use') return { tool: block.name, input: block.input };
    return { unexpected: block.type };
  });

/** A tool result that meets the conditions of the turn answering it. */
function resultFor(scenario: Scenario, step: number, toolUseId: string): Anthropic.ToolResultBlockParam {
  const next = scenario.turns.find((turn, index) => (turn.when ? turn.when.step === step : index === step));
  const wanted = next?.when?.toolResult;
  return { type: 'tool_result', tool_use_id: toolUseId, content: wanted?.contains ?? 'ok', is_error: wanted?.isError ?? false };
}

async function play(scenario: Scenario, mode: 'stream' | 'create') {
  const messages: Anthropic.MessageParam[] = [{ role: 'user', content: `[scenario:${scenario.name}] please go ahead` }];
  const answers: Array<{ blocks: ScenarioBlock[] | Array<Record<string, unknown>>; message: Anthropic.Message }> = [];
  for (let step = 0; step < scenario.turns.length; step++) {
    const params = { model: 'claude-sonnet-5-5', max_tokens: 4096, tools: [...fileTools, runCommandTool], messages };
    const message = mode === 'stream' ? await client.messages.stream(params).finalMessage() : await client.messages.create(params);
    answers.push({ blocks: comparable(message.content), message });
    messages.push({ role: 'assistant', content: message.content.map((b) => (b.type === 'tool_use' ? { type: 'tool_use', id: b.id, name: b.name, input: b.input } : { type: 'text', text: (b as Anthropic.TextBlock).text })) });
    const calls = message.content.filter((b) => b.type === 'tool_use');
    if (!calls.length) break;
    messages.push({ role: 'user', content: calls.map((call) => resultFor(scenario, step + 1, call.id)) });
  }
  return answers;
}

describe('every scenario through the official SDK', () => {
  it('ships the scenarios the app and its tests rely on', () => {
    expect([...scenarios.keys()].sort()).toEqual([
      'agent-conflict',
      'agent-conflict-tests',
      'agent-slow-edit',
      'agent-slow-scene-edit',
      'command-megabytes',
      'command-timeout',
      'command-writes-files',
      'delete-file',
      'edit-readme',
      'long-command',
      'plain-text',
      'plan-controls',
      'read-file',
      'recover-from-error',
      'run-tests',
      'run-tests-fix',
      'search',
      'slow-edit',
      'write-file',
    ]);
  });

  // plan-controls answers two turns of a conversation (plan, then work), and the agent-conflict scenarios go on after
  // a finished answer (a commit conflict handed back): each has its own test below.
  const linear = [...scenarios.values()].filter((s) => !['plan-controls', 'agent-conflict', 'agent-conflict-tests'].includes(s.name));
  describe.each(linear.map((s) => [s.name, s] as const))('%s', (_name, scenario) => {
    it.each(['stream', 'create'] as const)('%s: each answer is the scripted turn, with stop reason and usage', async (mode) => {
      if (scenario.tokenDelayMs) await emulator.control.timing(0);
      const answers = await play(scenario, mode);
      expect(answers.map((a) => a.blocks)).toEqual(scenario.turns.map((turn) => turn.reply));
      for (const { message } of answers) {
        expect(message).toMatchObject({ type: 'message', role: 'assistant', model: 'claude-sonnet-5-5' });
        expect(message.id).toMatch(/^msg_01[0-9A-Za-z]{22}$/);
        expect(message.stop_reason).toBe(message.content.some((b) => b.type === 'tool_use') ? 'tool_use' : 'end_turn');
        expect(message.usage.input_tokens).toBeGreaterThan(100);
        expect(message.usage.output_tokens).toBeGreaterThan(0);
      }
      await emulator.control.reset();
    });
  });

  it('plan-controls: plans with read tools only, then works only if the approved plan reached the system prompt', async () => {
    const readTools = fileTools.filter((tool) => ['list_files', 'read_file', 'search'].includes(tool.name));
    const task: Anthropic.MessageParam = { role: 'user', content: '[scenario:plan-controls] Document the controls' };
    const ask = async (system: string, tools: Anthropic.Tool[], messages: Anthropic.MessageParam[]) =>
      comparable((await client.messages.create({ model: 'm', max_tokens: 4096, system, tools, messages })).content);
    const planning = 'This turn is for planning only: …';

    expect(await ask(planning, [...fileTools, runCommandTool], [task])).toEqual([{ text: expect.stringContaining('must offer only read tools') }]);
    expect(await ask('Work.', readTools, [task])).toEqual([{ text: expect.stringContaining('must offer only read tools') }]);
    const listed = await ask(planning, readTools, [task]);
    expect(listed).toEqual([{ text: "I'll look at the repository first." }, { tool: 'list_files', input: {} }]);
    const plan = await ask(planning, readTools, [
      task,
      { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'list_files', input: {} }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'README.md\nsrc/main.ts' }] },
    ]);
    expect(plan).toEqual([{ text: expect.stringContaining('docs/CONTROLS.md') }]);

    const approved = [task, { role: 'assistant' as const, content: 'the plan' }, { role: 'user' as const, content: 'The plan is approved. Carry it out now.' }];
    expect(await ask('<approved_plan>1. Add docs/CONTROLS.md</approved_plan>', fileTools, approved)).toEqual([
      { text: expect.stringContaining('does not say "Mention the pause key"') },
    ]);
    const work = await ask('<approved_plan>1. Add docs/CONTROLS.md\n2. Mention the pause key</approved_plan>', fileTools, approved);
    expect(work).toEqual([{ text: 'Following the approved plan.' }, { tool: 'write_file', input: expect.objectContaining({ path: 'docs/CONTROLS.md' }) }]);
  });

  it.each(['agent-conflict', 'agent-conflict-tests'])('%s: edits, finishes, and goes on once a commit conflict is handed back', async (name) => {
    const scenario = scenarios.get(name)!;
    await emulator.control.timing(0);
    const params = { model: 'm', max_tokens: 4096, tools: [...fileTools, runCommandTool] };
    const messages: Anthropic.MessageParam[] = [{ role: 'user', content: `[scenario:${name}] reword the README` }];
    const answer = async () => {
      const message = await client.messages.create({ ...params, messages });
      messages.push({ role: 'assistant', content: message.content.map((b) => (b.type === 'tool_use' ? { type: 'tool_use', id: b.id, name: b.name, input: b.input } : { type: 'text', text: (b as Anthropic.TextBlock).text })) });
      return comparable(message.content);
    };
    const lastCall = () => (messages.at(-1)!.content as Anthropic.ContentBlockParam[]).find((b): b is Anthropic.ToolUseBlockParam => b.type === 'tool_use')!;
    const [edit, finished, ...afterConflict] = scenario.turns.map((turn) => turn.reply);
    expect(await answer()).toEqual(edit);
    messages.push({ role: 'user', content: [{ type: 'tool_result', tool_use_id: lastCall().id, content: 'ok' }] });
    expect(await answer()).toEqual(finished);
    const last = messages.at(-1)!;
    last.content = [...(last.content as Anthropic.ContentBlockParam[]), { type: 'tool_use', id: 'toolu_commit_1', name: 'commit', input: {} }];
    messages.push({ role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_commit_1', content: 'Commit refused: conflict. …', is_error: true }] });
    for (const [index, reply] of afterConflict.entries()) {
      if (index > 0) messages.push({ role: 'user', content: [resultFor(scenario, index + 2, lastCall().id)] });
      expect(await answer()).toEqual(reply);
    }
    await emulator.control.reset();
  });

  it('counts the same tokens for the same request, streamed or not', async () => {
    const params = { model: 'm', max_tokens: 100, messages: [{ role: 'user' as const, content: '[scenario:plain-text] hi' }] };
    const streamed = await client.messages.stream(params).finalMessage();
    const created = await client.messages.create(params);
    expect(streamed.usage).toEqual(created.usage);
    const text = (created.content[0] as Anthropic.TextBlock).text;
    expect(created.usage.output_tokens).toBe(Math.ceil(text.length / 4));
    expect(created.usage.input_tokens).toBe(Math.ceil(JSON.stringify(['', [], params.messages]).length / 4));
  });
});
