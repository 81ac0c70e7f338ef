import type Anthropic from '@anthropic-ai/sdk';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AnthropicRequestLogEntry } from '@/emulators/anthropic/control';
import { anthropicClient, type LlmSettings } from '@/lib/llm/client';
import { type LoopStep, runToolLoop, type ToolLoopOptions } from '@/lib/llm/loop';
import { systemPrompt } from '@/lib/llm/prompt';
import { costUsd } from '@/lib/llm/usage';
import { openBranchWorkspace } from '@/lib/llm/workspace';
import { type LlmHarness, REPO, startLlmHarness } from './harness';

let h: LlmHarness;
const settings: LlmSettings = { model: 'claude-sonnet-5-5', maxRetries: 2, pricing: { inputUsdPerMTok: 3, outputUsdPerMTok: 15 } };

beforeAll(async () => {
  h = await startLlmHarness();
});
afterAll(async () => {
  await h?.close();
});
afterEach(async () => {
  await h.anthropic.control.reset();
});

/** Runs one turn on a fresh workspace of alice/sample-game main, collecting the steps. */
async function turn(userText: string, options: Partial<ToolLoopOptions> = {}) {
  const workspace = await openBranchWorkspace({ ...REPO, sha: h.sha, github: h.client, store: await h.freshStore() });
  const steps: LoopStep[] = [];
  const result = await runToolLoop({
    client: anthropicClient(),
    settings,
    workspace,
    system: systemPrompt({ ...REPO, sha: h.sha, page: 'code', openFile: 'README.md', delivery: 'They become one commit on the branch.' }),
    messages: [{ role: 'user', content: userText }],
    retryBaseMs: 5,
    ...options,
    onStep: (step) => {
      steps.push(step);
      options.onStep?.(step);
    },
  });
  return { result, steps, workspace };
}

async function githubText(path: string): Promise<string> {
  const { data } = await h.client.rest.repos.getContent({ owner: REPO.owner, repo: REPO.repo, path, ref: h.sha });
  return Buffer.from((data as { content: string }).content, 'base64').toString('utf8');
}

const kinds = (steps: LoopStep[]) => steps.filter((s) => s.type !== 'text_delta').map((s) => (s.type === 'tool_call' ? `call:${s.name}` : s.type === 'tool_result' ? `result:${s.isError ? 'error' : 'ok'}` : s.type));

async function requests(): Promise<AnthropicRequestLogEntry[]> {
  return (await h.anthropic.control.requests()).requests;
}

/** The tool_result blocks the loop sent back in a logged request. */
function toolResults(entry: AnthropicRequestLogEntry | undefined): Array<{ content: string; is_error?: boolean }> {
  const messages = (entry?.body as { messages: Anthropic.MessageParam[] }).messages;
  const last = messages.at(-1)?.content;
  return Array.isArray(last) ? (last.filter((b) => b.type === 'tool_result') as Array<{ content: string; is_error?: boolean }>) : [];
}

describe('the tool loop against the Anthropic emulator, on a real branch', () => {
  it('list + read + edit: one exact change, every step reported, usage and cost from the API', async () => {
    const { result, steps } = await turn('[scenario:edit-readme] please make the README friendlier');
    const readme = await githubText('README.md');
    expect(result.status).toBe('completed');
    expect(result.stopReason).toBe('end_turn');
    expect(result.changes).toEqual([{ path: 'README.md', content: readme.replace('A tiny platformer used as', 'A tiny, friendly platformer used as') }]);
    expect(kinds(steps)).toEqual([
      'usage', 'call:list_files', 'result:ok',
      'usage', 'call:read_file', 'result:ok',
      'usage', 'call:edit_file', 'result:ok',
      'usage', 'done',
    ]);
    const text = steps.flatMap((s) => (s.type === 'text_delta' ? [s.text] : [])).join('');
    expect(text).toBe(result.text);
    expect(result.text).toBe("I'll look at the repository first.Now I'll update the description.Done: the README now calls the game \"a tiny, friendly platformer\".");
    expect(result.steps).toBe(4);

    const log = await requests();
    expect(log).toHaveLength(4);
    // One usage step per model call, cumulative over the turn.
    const usages = steps.flatMap((s) => (s.type === 'usage' ? [s.usage.inputTokens] : []));
    expect(usages).toEqual([...usages].sort((a, b) => a - b));
    expect(new Set(usages).size).toBe(4);
    expect(usages.at(-1)).toBe(result.usage.inputTokens);
    expect(toolResults(log[1])[0]?.content).toContain('src/main.ts');
    expect(toolResults(log[2])[0]?.content).toContain('     1\t# Sample Game');
    const system = (log[0]?.body as { system: Array<{ text: string }> }).system[0]?.text;
    expect(system).toContain('alice/sample-game');
    expect(system).toContain('branch "main"');
    expect(system).toContain('README.md open');

    const done = steps.at(-1);
    expect(done).toMatchObject({ type: 'done', status: 'completed', usage: result.usage, costUsd: result.costUsd });
    expect(result.usage.inputTokens).toBeGreaterThan(0);
    expect(result.costUsd).toBe(costUsd(result.usage, settings.pricing));
    expect(result.costUsd).toBeCloseTo((result.usage.inputTokens * 3 + result.usage.outputTokens * 15) / 1e6, 6);
  });

  it('returns history that the API accepts for the next turn', async () => {
    const first = await turn('[scenario:read-file] what is this repository?');
    expect(first.result.messages.map((m) => m.role)).toEqual(['assistant', 'user', 'assistant']);
    const second = await runToolLoop({
      client: anthropicClient(),
      settings,
      workspace: first.workspace,
      system: 'test',
      messages: [{ role: 'user', content: '[scenario:read-file] what is this repository?' }, ...first.result.messages, { role: 'user', content: 'thanks!' }],
    });
    expect(second.status).toBe('completed');
    expect(second.text).toContain('read the README');
  });

  it('write_file creates the new file byte for byte', async () => {
    const { result } = await turn('[scenario:write-file] document the controls');
    expect(result.changes).toEqual([{ path: 'docs/CONTROLS.md', content: '# Controls\n\n| key | action |\n| --- | --- |\n| ← → | move |\n| space | jump |\n' }]);
  });

  it('delete_file deletes', async () => {
    const { result } = await turn('[scenario:delete-file] remove the atlas tool');
    expect(result.changes).toEqual([{ path: 'tools/build_atlas.py', delete: true }]);
  });

  it('search answers from the branch', async () => {
    const { result, steps } = await turn('[scenario:search] where is gravity?');
    const found = steps.find((s) => s.type === 'tool_result');
    expect(found).toMatchObject({ isError: false, output: expect.stringContaining('src/main.ts:12: export const GRAVITY = 0.2;') });
    expect(result.changes).toEqual([]);
    expect(result.text).toContain('defined in `src/main.ts`');
  });

  it('a tool error goes back to the model, which recovers', async () => {
    const { result, steps } = await turn('[scenario:recover-from-error] make gravity stronger');
    expect(kinds(steps).filter((k) => k.startsWith('result:'))).toEqual(['result:error', 'result:ok', 'result:ok', 'result:ok']);
    expect(toolResults((await requests())[1])).toEqual([
      expect.objectContaining({ is_error: true, content: 'There is no file "src/physics.ts". Use list_files or search to find the right path.' }),
    ]);
    const main = await githubText('src/main.ts');
    expect(result.changes).toEqual([{ path: 'src/main.ts', content: main.replace('GRAVITY = 0.2;', 'GRAVITY = 0.25;') }]);
  });

  it('refuses paths outside the repository as tool errors, changing nothing', async () => {
    const escapes = ['../../etc/passwd', '/etc/passwd', '.git/config', 'src/../../secret'];
    await h.anthropic.control.useScenario({
      name: 'escape',
      description: 'tries to leave the repository',
      turns: [
        { reply: [...escapes.map((path) => ({ tool: 'read_file', input: { path } })), { tool: 'write_file', input: { path: '.git/hooks/pre-commit', content: 'x' } }] },
        { reply: [{ text: 'I could not reach those files.' }] },
      ],
    });
    const { result, steps } = await turn('read some files');
    const outcomes = steps.filter((s) => s.type === 'tool_result');
    expect(outcomes).toHaveLength(5);
    expect(outcomes.every((s) => s.type === 'tool_result' && s.isError)).toBe(true);
    expect(result.status).toBe('completed');
    expect(result.changes).toEqual([]);
  });

  it('a read-only turn offers only the tools that read, and changes nothing', async () => {
    const { result } = await turn('[scenario:edit-readme] make the README friendlier', { readOnly: true });
    const offered = (await requests()).map((r) => (r.body as { tools: Array<{ name: string }> }).tools.map((t) => t.name));
    expect(offered).toEqual([
      ['list_files', 'read_file', 'search'],
      ['list_files', 'read_file', 'search'],
      ['list_files', 'read_file', 'search'],
    ]);
    // The scenario's edit_file is not on offer, so the emulator answers in words instead.
    expect(result.text).toContain('calls edit_file, which the request does not offer');
    expect(result.changes).toEqual([]);
  });
});

describe('failures and limits', () => {
  it('a 529 is retried with backoff and the turn succeeds', async () => {
    await h.anthropic.control.fault({ status: 529 });
    const { result, steps } = await turn('[scenario:delete-file] remove the atlas tool');
    expect(result.status).toBe('completed');
    expect(result.changes).toEqual([{ path: 'tools/build_atlas.py', delete: true }]);
    expect(steps[0]).toMatchObject({ type: 'retry', attempt: 1, maxRetries: 2, message: 'Anthropic is overloaded right now; trying again now (attempt 2 of 3).' });
    expect((await requests()).map((r) => r.status)).toEqual([529, 200, 200]);
  });

  it('an overload inside the stream (before any text) is retried too, and a 429 waits its retry-after', async () => {
    await h.anthropic.control.fault({ status: 529, inStream: true });
    await h.anthropic.control.fault({ status: 429, retryAfter: 0 });
    const { result, steps } = await turn('[scenario:plain-text] hi');
    expect(result.status).toBe('completed');
    expect(steps.filter((s) => s.type === 'retry').map((s) => s.type === 'retry' && s.delayMs)).toEqual([expect.any(Number), 0]);
    expect((await requests()).map((r) => r.status)).toEqual([200, 429, 200]);
  });

  it('a persistent 529 ends the turn with a clear error and no changes', async () => {
    await h.anthropic.control.fault({ status: 529, count: 10 });
    const { result, steps } = await turn('[scenario:delete-file] remove the atlas tool');
    expect(result.status).toBe('failed');
    expect(result.error).toEqual({ code: 'overloaded', message: 'Anthropic is overloaded right now (tried 3 times). Please try again in a minute.' });
    expect(result.changes).toEqual([]);
    expect(kinds(steps)).toEqual(['retry', 'retry', 'error', 'done']);
    expect(await requests()).toHaveLength(3);
  });

  it('an overload after some tool work also discards the changes', async () => {
    await h.anthropic.control.useScenario('delete-file');
    const workspace = await openBranchWorkspace({ ...REPO, sha: h.sha, github: h.client, store: await h.freshStore() });
    const result = await runToolLoop({
      client: anthropicClient(),
      settings: { ...settings, maxRetries: 0 },
      workspace,
      system: 'test',
      messages: [{ role: 'user', content: 'remove it' }],
      onStep: (step) => {
        if (step.type === 'tool_result') void h.anthropic.control.fault({ status: 529 });
      },
    });
    expect(result).toMatchObject({ status: 'failed', changes: [], error: { code: 'overloaded' } });
    expect(workspace.changes()).toEqual([{ path: 'tools/build_atlas.py', delete: true }]);
  });

  it('a rejected API key is reported at once, without retries', async () => {
    const Anthropic = (await import('@anthropic-ai/sdk')).default;
    const wrongKey = new Anthropic({ apiKey: 'sk-ant-wrong', baseURL: h.anthropic.url, maxRetries: 0 });
    const { result } = await turn('hi', { client: wrongKey });
    expect(result).toMatchObject({ status: 'failed', error: { code: 'unauthorized', message: expect.stringContaining('ANTHROPIC_API_KEY') } });
    expect(await requests()).toHaveLength(1);
  });

  it('abort mid-stream: the turn ends aborted, with no changes, and the stream is cut', async () => {
    await h.anthropic.control.timing(20);
    const controller = new AbortController();
    let sawResult = false;
    const { result, steps } = await turn('[scenario:slow-edit] change the title', {
      signal: controller.signal,
      onStep: (step) => {
        if (step.type === 'tool_result') sawResult = true;
        if (step.type === 'text_delta' && sawResult) controller.abort();
      },
    });
    expect(result.status).toBe('aborted');
    expect(result.changes).toEqual([]);
    expect(steps.at(-1)).toMatchObject({ type: 'done', status: 'aborted' });
    expect(result.text).toMatch(/^I /);
    expect('I changed the title of the README.'.startsWith(result.text)).toBe(true);
    // The partial answer is kept as history; the edit was made in the workspace but is not offered for commit.
    expect(result.messages.at(-1)).toEqual({ role: 'assistant', content: [{ type: 'text', text: result.text }] });
    await vi.waitFor(async () => expect((await requests()).at(-1)?.completed).toBe(false));
  });

  it('an already aborted signal makes no request', async () => {
    const { result } = await turn('[scenario:plain-text] hi', { signal: AbortSignal.abort() });
    expect(result.status).toBe('aborted');
    expect(await requests()).toEqual([]);
  });

  it('stops after maxSteps model calls with valid history', async () => {
    const { result } = await turn('[scenario:edit-readme] go', { maxSteps: 2 });
    expect(result.status).toBe('max_steps');
    expect(result.steps).toBe(2);
    expect(result.changes).toEqual([]);
    expect(result.messages.map((m) => m.role)).toEqual(['assistant', 'user', 'assistant', 'user']);
  });
});
