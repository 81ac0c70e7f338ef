import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import {
  applyTurnEvent,
  assistantSegments,
  type ChatMessageView,
  describeLines,
  isRunning,
  liveChatApiPath,
  parseParts,
  revertedCommits,
  type TurnEvent,
} from '@/lib/live-chat/protocol';
import { sniffImageType } from '@/lib/live-chat/images';
import { TurnRateLimiter } from '@/lib/live-chat/rate-limit';
import { SseParser } from '@/lib/realtime/client/sse-parser';
import { branchSegmentsOf } from '@/lib/workspace/urls';

const empty: ChatMessageView = { id: '7', role: 'assistant', content: '', createdAt: '2026-01-01T00:00:00.000Z', parts: [] };
const usage = { inputTokens: 10, outputTokens: 5, cacheCreationInputTokens: 0, cacheReadInputTokens: 0 };

describe('a streamed answer', () => {
  it('folds text, tool steps and the commit in order, and ends as the stored message', () => {
    const events: TurnEvent[] = [
      { event: 'start', data: { message: empty } },
      { event: 'text', data: { text: 'Looking. ' } },
      { event: 'tool_call', data: { id: 't1', name: 'read_file', input: { path: 'a.md' }, at: 9 } },
      { event: 'retry', data: { message: 'busy' } },
      { event: 'tool_result', data: { id: 't1', output: '1\thello', isError: false } },
      { event: 'text', data: { text: 'Done.' } },
      { event: 'commit', data: { type: 'commit', sha: 'b'.repeat(40), parentSha: 'a'.repeat(40), message: 'Live Chat: x', url: 'u', files: [] } },
    ];
    const message = events.reduce(applyTurnEvent, empty);
    expect(message.content).toBe('Looking. Done.');
    expect(isRunning(message)).toBe(true);
    expect(assistantSegments(message)).toEqual([
      { kind: 'text', key: 'text-0', text: 'Looking. ' },
      { kind: 'tool', key: 'tool-t1', part: { type: 'tool', id: 't1', name: 'read_file', input: { path: 'a.md' }, at: 9, output: '1\thello', isError: false } },
      { kind: 'text', key: 'text-9', text: 'Done.' },
    ]);
    const stored = { ...message, parts: [...message.parts, { type: 'result' as const, status: 'completed' as const, usage, costUsd: 0.1 }] };
    const done = applyTurnEvent(message, { event: 'done', data: { message: stored } });
    expect(done).toBe(stored);
    expect(isRunning(done)).toBe(false);
  });

  it('places tool steps that came before any text first, and skips blank text between steps', () => {
    const message = {
      ...empty,
      content: '\n\nAnswer',
      parts: parseParts([
        { type: 'tool', id: 'a', name: 'list_files', input: {}, at: 0 },
        { type: 'tool', id: 'b', name: 'read_file', input: {}, at: 2 },
      ]),
    };
    expect(assistantSegments(message).map((segment) => segment.key)).toEqual(['tool-a', 'tool-b', 'text-2']);
  });

  it('reads stored parts leniently: unknown or broken parts are left out', () => {
    expect(parseParts(null)).toEqual([]);
    expect(parseParts([{ type: 'nope' }, { type: 'tool', id: 'x' }, { type: 'error', code: 'c', message: 'm' }])).toEqual([{ type: 'error', code: 'c', message: 'm' }]);
  });

  it('knows which commits were reverted, and words line ranges', () => {
    const revert = { type: 'revert' as const, revertedSha: 'c1', sha: 'r1', parentSha: 'c1', message: 'Revert', url: '', files: [] };
    expect(revertedCommits([{ ...empty, role: 'system', parts: [revert] }])).toEqual(new Map([['c1', 'r1']]));
    expect(describeLines({})).toBe('');
    expect(describeLines({ startLine: 3, endLine: 3 })).toBe('line 3');
    expect(describeLines({ startLine: 3, endLine: 9 })).toBe('lines 3–9');
  });
});

describe('Live Chat paths', () => {
  it('encode a branch as one segment and read it back exactly once decoded', () => {
    const path = liveChatApiPath({ owner: 'alice', repo: 'sample-game', branch: 'feature/100%' }, 'messages');
    expect(path).toBe('/api/live-chat/alice/sample-game/feature%2F100%25/messages');
    expect(branchSegmentsOf(path, '/api/live-chat')).toEqual(['alice', 'sample-game', 'feature/100%']);
    expect(branchSegmentsOf('/github/alice/sample-game/100%2525', '/github')).toEqual(['alice', 'sample-game', '100%25']);
    expect(branchSegmentsOf('/api/live-chat/alice/sample-game/%E0%A4%A/messages', '/api/live-chat')).toBeNull();
    expect(branchSegmentsOf('/api/live-chat/alice/sample-game', '/api/live-chat')).toBeNull();
    expect(branchSegmentsOf('/api/live-chatter/a/b/c', '/api/live-chat')).toBeNull();
  });
});

describe('the turn rate limit', () => {
  it('allows `limit` turns per sliding window per user, says when to come back, and can undo a count', () => {
    let now = 1_000_000;
    const limiter = new TurnRateLimiter(2, 60_000, () => now);
    limiter.take('u1');
    now += 10_000;
    const undo = limiter.take('u1');
    limiter.take('u2');
    const refused = (() => {
      try {
        limiter.take('u1');
      } catch (error) {
        return error as AppError;
      }
    })();
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ status: 429, code: 'rate_limited', headers: { 'retry-after': '50' } });
    expect(refused!.message).toBe('You started 2 Live Chat turns in the last 60 seconds, the most allowed. Try again in 50 seconds.');

    undo();
    expect(() => limiter.take('u1')).not.toThrow();
    now += 50_000;
    expect(() => limiter.take('u1')).not.toThrow();
    expect(() => limiter.take('u1')).toThrow(/Try again in 10 seconds/);
  });
});

describe('pasted images', () => {
  it('are recognized by their bytes', () => {
    expect(sniffImageType(Buffer.from('89504e470d0a1a0a', 'hex'))).toBe('image/png');
    expect(sniffImageType(Buffer.from('ffd8ffe000104a46', 'hex'))).toBe('image/jpeg');
    expect(sniffImageType(Buffer.from('GIF89a'))).toBe('image/gif');
    expect(sniffImageType(Buffer.from('RIFF\0\0\0\0WEBPVP8 '))).toBe('image/webp');
    expect(sniffImageType(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
  });
});

describe('the SSE parser for POST streams', () => {
  it('parses events split anywhere, skips comments, and joins multi-line data', () => {
    const parser = new SseParser();
    const wire = ': heartbeat\n\nevent: text\ndata: {"text":"a"}\n\nid: 3\r\ndata: line 1\r\ndata: line 2\r\n\r\n';
    const events = [...wire].flatMap((char) => parser.push(char));
    expect(events).toEqual([
      { id: undefined, event: 'text', data: '{"text":"a"}' },
      { id: '3', event: 'message', data: 'line 1\nline 2' },
    ]);
  });
});
