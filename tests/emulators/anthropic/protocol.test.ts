import Anthropic, { type APIError } from '@anthropic-ai/sdk';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestAnthropic, type TestAnthropic } from '../../support/anthropic';
import { startCli } from '../../support/cli';

let emulator: TestAnthropic;
let client: Anthropic;

beforeAll(async () => {
  emulator = await startTestAnthropic();
  client = new Anthropic({ apiKey: emulator.apiKey, baseURL: emulator.url, maxRetries: 0 });
});
afterAll(async () => {
  await emulator?.close();
});
afterEach(async () => {
  await emulator.control.reset();
});

const hello = { model: 'claude-sonnet-5-5', max_tokens: 256, messages: [{ role: 'user' as const, content: 'Hello there' }] };

function post(body: unknown, headers: Record<string, string> = { 'x-api-key': 'sk-ant-emulator-key' }) {
  return fetch(`${emulator.url}/v1/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

async function rejection(promise: Promise<unknown>): Promise<APIError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Anthropic.APIError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

/** The raw SSE stream as (event, data) pairs. */
async function events(response: Response): Promise<Array<{ event: string; data: Record<string, unknown> }>> {
  const text = await response.text();
  return text
    .trim()
    .split('\n\n')
    .map((chunk) => {
      const [eventLine = '', dataLine = ''] = chunk.split('\n');
      return { event: eventLine.replace(/^event: /, ''), data: JSON.parse(dataLine.replace(/^data: /, '')) as Record<string, unknown> };
    });
}

describe('POST /v1/messages', () => {
  it('answers with the default text when no scenario is chosen, echoing the request', async () => {
    const message = await client.messages.create(hello);
    expect(message.content).toEqual([{ type: 'text', text: 'Hello! This is the Anthropic emulator. You said: "Hello there".', citations: null }]);
    expect(message.stop_reason).toBe('end_turn');
  });

  it("streams Anthropic's exact event sequence, text in word deltas and tool input as partial JSON", async () => {
    const response = await post({
      ...hello,
      stream: true,
      tools: [{ name: 'read_file', input_schema: { type: 'object' } }],
      messages: [{ role: 'user', content: '[scenario:read-file] what is this?' }],
    });
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(response.headers.get('request-id')).toMatch(/^req_01/);
    expect(response.headers.get('anthropic-ratelimit-requests-limit')).toBe('4000');
    const stream = await events(response);
    const names = stream.map((e) => e.event);
    const textDeltas = stream.filter((e) => e.event === 'content_block_delta' && e.data.index === 0).length;
    const jsonDeltas = stream.filter((e) => e.event === 'content_block_delta' && e.data.index === 1).length;
    expect(names).toEqual([
      'message_start',
      'content_block_start',
      'ping',
      ...Array(textDeltas).fill('content_block_delta'),
      'content_block_stop',
      'content_block_start',
      ...Array(jsonDeltas).fill('content_block_delta'),
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(textDeltas).toBe('Let me read the README first.'.split(' ').length);
    const start = stream[0]!.data.message as Record<string, unknown>;
    expect(start).toMatchObject({ type: 'message', role: 'assistant', content: [], stop_reason: null });
    const toolStart = stream.find((e) => e.event === 'content_block_start' && e.data.index === 1)!.data.content_block;
    expect(toolStart).toMatchObject({ type: 'tool_use', name: 'read_file', input: {} });
    const partials = stream.filter((e) => e.event === 'content_block_delta' && e.data.index === 1).map((e) => e.data.delta as Record<string, string>);
    expect(partials[0]).toEqual({ type: 'input_json_delta', partial_json: '' });
    expect(JSON.parse(partials.map((d) => d.partial_json).join(''))).toEqual({ path: 'README.md' });
    const delta = stream.find((e) => e.event === 'message_delta')!.data;
    expect(delta.delta).toMatchObject({ stop_reason: 'tool_use', stop_sequence: null });
    expect((delta.usage as Record<string, number>).output_tokens).toBeGreaterThan(1);
  });

  it('accepts the key as x-api-key or as a bearer token, and refuses others with authentication_error', async () => {
    expect((await post(hello)).status).toBe(200);
    expect((await post(hello, { authorization: 'Bearer sk-ant-emulator-key' })).status).toBe(200);
    const missing = await post(hello, {});
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ type: 'error', error: { type: 'authentication_error', message: 'x-api-key header is required' } });

    const wrong = await rejection(new Anthropic({ apiKey: 'sk-ant-wrong', baseURL: emulator.url, maxRetries: 0 }).messages.create(hello));
    expect(wrong).toBeInstanceOf(Anthropic.AuthenticationError);
    expect(wrong.status).toBe(401);
    expect(wrong.type).toBe('authentication_error');
    expect(wrong.apiMessage).toBe('invalid x-api-key');
    expect(wrong.requestID).toMatch(/^req_01/);
  });

  it('rejects bad bodies with invalid_request_error naming the field', async () => {
    const noMaxTokens = await rejection(client.messages.create({ ...hello, max_tokens: undefined as unknown as number }));
    expect(noMaxTokens).toBeInstanceOf(Anthropic.BadRequestError);
    expect(noMaxTokens.type).toBe('invalid_request_error');
    expect(noMaxTokens.apiMessage).toMatch(/^max_tokens: /);

    const badRole = await rejection(client.messages.create({ ...hello, messages: [{ role: 'robot' as 'user', content: 'x' }] }));
    expect(badRole.apiMessage).toMatch(/^messages\.0\.role: /);

    const noVersion = await post(hello, { 'x-api-key': 'sk-ant-emulator-key', 'anthropic-version': '' });
    expect(await noVersion.json()).toMatchObject({ error: { type: 'invalid_request_error', message: 'anthropic-version: header is required' } });

    const notJson = await post('{"model": ');
    expect(notJson.status).toBe(400);
    expect((await notJson.json()).error.type).toBe('invalid_request_error');
  });

  it('enforces tool_use / tool_result pairing like the API', async () => {
    const orphan = await rejection(
      client.messages.create({ ...hello, messages: [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_x', content: 'ok' }] }] }),
    );
    expect(orphan.apiMessage).toContain('unexpected `tool_use_id`');
    const unanswered = await rejection(
      client.messages.create({
        ...hello,
        messages: [
          { role: 'user', content: 'go' },
          { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'read_file', input: {} }] },
          { role: 'user', content: 'never mind' },
        ],
      }),
    );
    expect(unanswered.apiMessage).toContain('`tool_use` ids were found without `tool_result` blocks immediately after: toolu_1');
  });

  it('stops at max_tokens with the text cut', async () => {
    const message = await client.messages.create({ ...hello, max_tokens: 3, messages: [{ role: 'user', content: '[scenario:plain-text] hi' }] });
    expect(message.stop_reason).toBe('max_tokens');
    expect((message.content[0] as Anthropic.TextBlock).text).toHaveLength(12);
  });

  it('tells which scenarios exist when a marker names an unknown one', async () => {
    const message = await client.messages.create({ ...hello, messages: [{ role: 'user', content: '[scenario:nope] hi' }] });
    expect((message.content[0] as Anthropic.TextBlock).text).toContain('There is no scenario "nope". Known scenarios: agent-conflict, agent-conflict-tests, agent-slow-edit, agent-slow-scene-edit, command-megabytes, command-timeout, command-writes-files, delete-file, edit-readme');
  });

  it('answers unknown paths with not_found_error', async () => {
    const response = await fetch(`${emulator.url}/v1/complete`, { method: 'POST' });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ type: 'error', error: { type: 'not_found_error' } });
  });
});

describe('faults', () => {
  it('429: rate_limit_error with retry-after, seen by the SDK as RateLimitError', async () => {
    await emulator.control.fault({ status: 429, retryAfter: 7 });
    const error = await rejection(client.messages.create(hello));
    expect(error).toBeInstanceOf(Anthropic.RateLimitError);
    expect(error.type).toBe('rate_limit_error');
    expect(error.headers?.get('retry-after')).toBe('7');
    expect(error.headers?.get('anthropic-ratelimit-requests-remaining')).toBe('0');
    expect((await client.messages.create(hello)).stop_reason).toBe('end_turn');
  });

  it('529: overloaded_error, retried by the SDK until the fault is used up', async () => {
    await emulator.control.fault({ status: 529, count: 2 });
    const error = await rejection(client.messages.create(hello));
    expect(error).toBeInstanceOf(Anthropic.OverloadedError);
    expect(error.status).toBe(529);
    expect(error.apiMessage).toBe('Overloaded');
    const retrying = new Anthropic({ apiKey: emulator.apiKey, baseURL: emulator.url, maxRetries: 1 });
    const message = await retrying.messages.create(hello);
    expect(message.stop_reason).toBe('end_turn');
    const { requests } = await emulator.control.requests();
    expect(requests.map((r) => r.status)).toEqual([529, 529, 200]);
  });

  it('an in-stream overload: 200, message_start, then an SSE error event the SDK raises', async () => {
    await emulator.control.fault({ status: 529, inStream: true });
    const error = await rejection(client.messages.stream(hello).finalMessage());
    expect(error.status).toBeUndefined();
    expect(error.type).toBe('overloaded_error');
    // A non-streaming request is not affected by an in-stream fault.
    await emulator.control.fault({ status: 529, inStream: true });
    expect((await client.messages.create(hello)).stop_reason).toBe('end_turn');
  });
});

describe('controls', () => {
  it('use a scenario by name or inline until reset, and log requests with their bodies', async () => {
    await emulator.control.useScenario('plain-text');
    expect(((await client.messages.create(hello)).content[0] as Anthropic.TextBlock).text).toMatch(/^Hello! I'm working on this branch/);
    await emulator.control.useScenario({ name: 'inline', description: 'test', turns: [{ reply: [{ text: 'inline answer' }] }] });
    expect(((await client.messages.create(hello)).content[0] as Anthropic.TextBlock).text).toBe('inline answer');
    const log = await emulator.control.requests();
    expect(log.requests.map((r) => [r.scenario, r.status, r.stream, r.completed])).toEqual([
      ['plain-text', 200, false, true],
      ['inline', 200, false, true],
    ]);
    expect(log.requests[0]!.body).toMatchObject({ messages: [{ role: 'user', content: 'Hello there' }] });
    expect((await emulator.control.requests(log.lastSeq)).requests).toEqual([]);

    await emulator.control.reset();
    expect(((await client.messages.create(hello)).content[0] as Anthropic.TextBlock).text).toMatch(/^Hello! This is the Anthropic emulator/);
  });

  it('a marker in the conversation wins over the active scenario', async () => {
    await emulator.control.useScenario('plain-text');
    const message = await client.messages.create({ ...hello, messages: [{ role: 'user', content: '[scenario:nope] hi' }] });
    expect((message.content[0] as Anthropic.TextBlock).text).toContain('There is no scenario "nope"');
  });

  it('refuse unknown scenarios and invalid definitions', async () => {
    await expect(emulator.control.useScenario('missing')).rejects.toThrow(/404/);
    await expect(emulator.control.useScenario({ name: 'Bad Name', description: '', turns: [] })).rejects.toThrow(/422/);
    expect((await emulator.control.scenarios()).map((s) => s.name)).toContain('edit-readme');
  });
});

describe('npm run emulator:anthropic', () => {
  it('prints its URL, answers the SDK with the key it names, and exits cleanly on SIGTERM', async () => {
    const { child, url, exited } = await startCli('emulators/anthropic/cli.ts', ['--port', '0', '--api-key', 'sk-ant-cli']);
    const message = await new Anthropic({ apiKey: 'sk-ant-cli', baseURL: url, maxRetries: 0 }).messages.create(hello);
    expect(message.stop_reason).toBe('end_turn');
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
