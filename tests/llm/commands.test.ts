import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { anthropicClient, type LlmSettings } from '@/lib/llm/client';
import { readRepoConfig, turnCommands } from '@/lib/llm/commands';
import { type LoopStep, runToolLoop } from '@/lib/llm/loop';
import { systemPrompt } from '@/lib/llm/prompt';
import { BranchWorkspace, openBranchWorkspace } from '@/lib/llm/workspace';
import { type LlmHarness, REPO, startLlmHarness } from './harness';

/**
 * run_command in the tool loop: the Anthropic emulator's command scenarios against the sample repository's
 * own test suite (`node --test`, webedt.json), in the real sandbox.
 */

let h: LlmHarness;
const settings: LlmSettings = { model: 'claude-sonnet-5-5', maxRetries: 0, pricing: { inputUsdPerMTok: 3, outputUsdPerMTok: 15 } };

beforeAll(async () => {
  h = await startLlmHarness();
});
afterAll(async () => {
  await h?.close();
});
afterEach(async () => {
  await h.anthropic.control.reset();
});

async function turn(userText: string, signal?: AbortSignal) {
  const workspace = await openBranchWorkspace({ ...REPO, sha: h.sha, github: h.client, store: await h.freshStore() });
  const commands = await turnCommands(workspace);
  const steps: LoopStep[] = [];
  try {
    const result = await runToolLoop({
      client: anthropicClient(),
      settings,
      workspace,
      system: systemPrompt({ ...REPO, sha: h.sha, delivery: 'They become one commit.', commands: commands.commands }),
      messages: [{ role: 'user', content: userText }],
      commands,
      onStep: (step) => steps.push(step),
      signal,
    });
    return { result, steps, workspace, commands };
  } finally {
    await commands.close();
  }
}

const commandResults = (steps: LoopStep[]) => steps.flatMap((step) => (step.type === 'tool_result' && step.command ? [step] : []));

describe('run_command', () => {
  it('reads the repository config: its test command is told to the model', async () => {
    const workspace = await openBranchWorkspace({ ...REPO, sha: h.sha, github: h.client, store: await h.freshStore() });
    expect(readRepoConfig(workspace)).toEqual({ config: { test: 'node --test' }, problem: null });
    const commands = await turnCommands(workspace);
    expect(commands.commands).toEqual({ available: true, config: { test: 'node --test' } });
    expect(systemPrompt({ ...REPO, sha: h.sha, delivery: '', commands: commands.commands })).toContain("tests run with `node --test`");
    const broken = new BranchWorkspace({ ...REPO, sha: h.sha }, new Map([['webedt.json', new TextEncoder().encode('{"test": 1}')]]));
    expect(readRepoConfig(broken).problem).toMatch(/^webedt\.json was ignored: .*test/s);
  });

  it('runs the tests, sees one fail, fixes the code and runs them again, streaming the output', async () => {
    const { result, steps } = await turn('Cap the combo bonus at 100 [scenario:run-tests-fix]');
    expect(result.status).toBe('completed');
    const runs = commandResults(steps);
    expect(runs.map((run) => [run.command!.exitCode, run.command!.isTest])).toEqual([
      [1, true],
      [0, true],
    ]);
    expect(runs[0]!.output).toContain('# fail 1');
    expect(runs[1]!.output).toContain('# pass 3');
    const streamed = steps.flatMap((step) => (step.type === 'tool_output' ? [step.text] : [])).join('');
    expect(streamed).toContain('comboBonus is capped at 100 points');
    expect(result.changes.map((change) => change.path)).toEqual(['src/score.mjs', 'test/score.test.mjs']);
    expect(result.text).toContain('all 3 tests pass');
  });

  it('reports a command stopped at its time limit', async () => {
    const { steps } = await turn('Wait [scenario:command-timeout]');
    const [run] = commandResults(steps);
    expect(run!.command).toMatchObject({ limit: 'time', exitCode: null, limitMessage: 'stopped: time limit (1 s) reached' });
    expect(run!.output).toContain('The command stopped: time limit (1 s) reached.');
    expect(run!.isError).toBe(true);
  });

  it('keeps the end of megabytes of output and tells the model what was cut', async () => {
    const { steps } = await turn('Print a lot [scenario:command-megabytes]');
    const [run] = commandResults(steps);
    expect(run!.command!.outputBytes).toBeGreaterThan(4_000_000);
    expect(run!.output).toContain('line 59999');
    expect(run!.output.length).toBeLessThan(14_000);
  });

  it('commits what a command writes, except what .gitignore ignores', async () => {
    const { result, steps } = await turn('List the sources [scenario:command-writes-files]');
    const [run] = commandResults(steps);
    expect(run!.command!.changes).toEqual({ created: ['docs/SOURCES.txt'], modified: [], deleted: [] });
    expect(result.changes).toEqual([{ path: 'docs/SOURCES.txt', content: expect.stringContaining('score.mjs') }]);
  });

  it('stops a running command when the turn is stopped, and commits nothing', async () => {
    const abort = new AbortController();
    const started = Date.now();
    const pending = turn('Run the long job [scenario:long-command]', abort.signal);
    // Stopped once the command has printed, i.e. while it runs.
    await new Promise<void>((resolve) => {
      const check = setInterval(async () => {
        const { requests } = await h.anthropic.control.requests();
        if (requests.length >= 1) {
          clearInterval(check);
          setTimeout(resolve, 1_000);
        }
      }, 100);
    });
    abort.abort();
    const { result } = await pending;
    expect(result.status).toBe('aborted');
    expect(result.changes).toEqual([]);
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});
