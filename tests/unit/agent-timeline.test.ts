import { describe, expect, it } from 'vitest';
import { changesPage, foldAgentEvents, legacyTimeline } from '@/lib/agents/timeline';

const event = (id: number, type: string, data: Record<string, unknown> = {}) => ({
  id: String(id),
  type,
  data,
  createdAt: '2026-11-25T10:00:00.000Z',
});

describe('agent timeline', () => {
  it('joins text deltas, pairs tool calls with results, and tracks status', () => {
    const timeline = foldAgentEvents([
      event(1, 'status', { status: 'queued' }),
      event(2, 'user_message', { content: 'Fix it' }),
      event(3, 'status', { status: 'running' }),
      event(4, 'text_delta', { text: 'Let me ' }),
      event(5, 'text_delta', { text: 'look.' }),
      event(6, 'tool_call', { id: 't1', name: 'read_file', input: { path: 'a.ts' } }),
      event(7, 'tool_result', { id: 't1', output: 'content', isError: false }),
      event(8, 'text_delta', { text: 'Done.' }),
      event(9, 'commit', { sha: 'abc', message: 'Agent: fix', files: ['a.ts'] }),
      event(10, 'completed', { inputTokens: 1200, outputTokens: 30, costUsd: 0.0045 }),
      event(11, 'status', { status: 'completed' }),
    ]);
    expect(timeline.status).toBe('completed');
    expect(timeline.lastEventId).toBe('11');
    expect(timeline.items.map((item) => item.kind)).toEqual(['user', 'assistant', 'tool', 'assistant', 'commit', 'notice']);
    expect(timeline.items[1]).toMatchObject({ text: 'Let me look.' });
    expect(timeline.items[2]).toMatchObject({ name: 'read_file', output: 'content', isError: false });
    expect(timeline.items[5]).toMatchObject({ text: 'Turn finished · 1,200 in / 30 out · $0.0045' });
  });

  it('keeps the answer whole when text streams in after a cancel request: the note stays below it', () => {
    const timeline = foldAgentEvents([
      event(1, 'user_message', { content: 'Explain' }),
      event(2, 'text_delta', { text: 'I changed the title. ' }),
      event(3, 'cancel_requested'),
      event(4, 'text_delta', { text: 'Let me explain.' }),
      event(5, 'status', { status: 'cancelled' }),
    ]);
    expect(timeline.items.map((item) => [item.kind, 'text' in item ? item.text : ''])).toEqual([
      ['user', 'Explain'],
      ['assistant', 'I changed the title. Let me explain.'],
      ['notice', 'Cancel requested: stopping after the current step.'],
      ['notice', 'Cancelled.'],
    ]);
  });

  it('says when the branch was made, and which events change the rest of the agent page', () => {
    const timeline = foldAgentEvents([event(1, 'branch_created', { branch: 'agent/fix-3f2a9c1e', baseBranch: 'main' })]);
    expect(timeline.items).toMatchObject([{ kind: 'notice', text: 'Made branch agent/fix-3f2a9c1e from main.' }]);
    for (const type of ['branch_created', 'commit', 'completed', 'status', 'pull_request']) expect(changesPage({ type })).toBe(true);
    for (const type of ['text_delta', 'tool_call', 'tool_result', 'cancel_requested']) expect(changesPage({ type })).toBe(false);
  });

  it('continues from a previous state, as the page does with streamed events', () => {
    const first = foldAgentEvents([event(1, 'text_delta', { text: 'a' })]);
    const next = foldAgentEvents([event(2, 'text_delta', { text: 'b' }), event(3, 'error', { message: 'Boom' })], first);
    expect(next.items).toMatchObject([{ kind: 'assistant', text: 'ab' }, { kind: 'notice', tone: 'error', text: 'Boom' }]);
  });
});

describe('migrated agents', () => {
  it('show their legacy messages as the conversation, then any newer events', () => {
    const start = legacyTimeline([
      { id: '1', type: 'user', content: 'Fix the bug', createdAt: '2025-01-01T00:00:00.000Z' },
      { id: '2', type: 'assistant', content: 'Fixed.', createdAt: '2025-01-01T00:01:00.000Z' },
    ]);
    const timeline = foldAgentEvents([event(9, 'legacy', { type: 'legacy' }), event(10, 'status', { status: 'completed' })], start);
    expect(timeline.items).toMatchObject([
      { kind: 'user', text: 'Fix the bug' },
      { kind: 'assistant', text: 'Fixed.' },
    ]);
    expect(timeline.status).toBe('completed');
  });
});
