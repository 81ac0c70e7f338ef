import Anthropic from '@anthropic-ai/sdk';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StreamEvent } from '@/emulators/anthropic/protocol';
import type { StreamEventWritten } from '@/emulators/anthropic/server';
import { startTestAnthropic, type TestAnthropic } from '../../support/anthropic';

let emulator: TestAnthropic;
let client: Anthropic;
const written: Array<{ event: StreamEvent; info: StreamEventWritten }> = [];

beforeAll(async () => {
  emulator = await startTestAnthropic({ onStreamEvent: (event, info) => written.push({ event, info }) });
  client = new Anthropic({ apiKey: emulator.apiKey, baseURL: emulator.url, maxRetries: 0 });
});
afterAll(async () => {
  await emulator?.close();
});

const request = (content: string) => ({ model: 'claude-sonnet-5-5', max_tokens: 256, messages: [{ role: 'user' as const, content }] });

describe('onStreamEvent', () => {
  it('reports every event of a streamed answer, in order, as written, with the request it answers', async () => {
    written.length = 0;
    const before = performance.now();
    let firstTextSeenAt = 0;
    const stream = client.messages.stream(request('[scenario:plain-text] hi'));
    stream.on('text', () => {
      firstTextSeenAt ||= performance.now();
    });
    const message = await stream.finalMessage();

    const names = written.map((w) => w.event.event);
    expect(names[0]).toBe('message_start');
    expect(names.at(-1)).toBe('message_stop');
    const deltas = written.filter((w) => w.event.event === 'content_block_delta');
    const text = deltas.map((w) => (w.event.data as { delta: { text: string } }).delta.text).join('');
    expect(text).toBe((message.content[0] as Anthropic.TextBlock).text);

    // One request: the log entry's seq and the response's request-id.
    const { requests } = await emulator.control.requests();
    const entry = requests.at(-1)!;
    expect(new Set(written.map((w) => w.info.seq))).toEqual(new Set([entry.seq]));
    expect(new Set(written.map((w) => w.info.requestId))).toEqual(new Set([stream.request_id]));

    // Timestamps are this process's performance.now(), non-decreasing, and the first text_delta was
    // written before the client parsed it.
    const times = written.map((w) => w.info.at);
    expect(times[0]).toBeGreaterThanOrEqual(before);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(deltas[0]!.info.at).toBeLessThanOrEqual(firstTextSeenAt);
  });

  it('is not called for answers that are not streamed', async () => {
    written.length = 0;
    await client.messages.create(request('hello'));
    expect(written).toEqual([]);
  });
});
