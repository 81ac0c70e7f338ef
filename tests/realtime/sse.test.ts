import { describe, expect, it, vi } from 'vitest';
import { formatSseMessage, lastEventId, type SseStream, sseResponse } from '@/lib/realtime/sse';
import { waitFor } from './helpers';

/** Reads a streamed body as text, chunk by chunk. */
function bodyReader(response: Response) {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let done = false;
  return {
    get text() {
      return text;
    },
    get done() {
      return done;
    },
    /** Reads until `text` satisfies `condition` or the body ends. */
    async until(condition: (text: string) => boolean): Promise<string> {
      while (!condition(text) && !done) {
        const chunk = await reader.read();
        if (chunk.done) done = true;
        else text += decoder.decode(chunk.value, { stream: true });
      }
      return text;
    },
    cancel: () => reader.cancel(),
  };
}

function request(init: RequestInit & { url?: string } = {}) {
  return new Request(init.url ?? 'http://localhost/api/stream', init);
}

describe('sseResponse', () => {
  it('sets the streaming headers', () => {
    const response = sseResponse(request(), () => {}, { headers: { 'X-Custom': '1' } });
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    expect(response.headers.get('cache-control')).toBe('no-cache, no-transform');
    expect(response.headers.get('connection')).toBe('keep-alive');
    expect(response.headers.get('x-accel-buffering')).toBe('no');
    expect(response.headers.get('x-custom')).toBe('1');
    void response.body?.cancel();
  });

  it('writes events in the exact wire format', async () => {
    const response = sseResponse(request(), (stream) => {
      stream.send({ id: 7n, event: 'workspace', data: 'first\nsecond\r\nthird\rfourth' });
      stream.send({ data: { text: 'a\nb', n: 1 } });
      stream.send({ id: 8, data: '' });
      stream.comment('two\nlines');
      stream.close();
    });
    const body = await bodyReader(response).until(() => false);
    expect(body).toBe(
      ': connected\n\n' +
        'id: 7\nevent: workspace\ndata: first\ndata: second\ndata: third\ndata: fourth\n\n' +
        'data: {"text":"a\\nb","n":1}\n\n' +
        'id: 8\ndata: \n\n' +
        ': two\n: lines\n\n',
    );
  });

  it('refuses ids and event names that would inject fields', () => {
    expect(() => formatSseMessage({ id: '1\ndata: x', data: 'ok' })).toThrow(TypeError);
    expect(() => formatSseMessage({ event: 'a\rb', data: 'ok' })).toThrow(TypeError);
    expect(() => formatSseMessage({ data: undefined })).toThrow(TypeError);
  });

  it('sends heartbeat comments while idle', async () => {
    const response = sseResponse(request(), () => {}, { heartbeatMs: 10 });
    const reader = bodyReader(response);
    const text = await reader.until((t) => t.split(': heartbeat\n\n').length > 2);
    expect(text).toMatch(/^: connected\n\n(: heartbeat\n\n)+$/);
    await reader.cancel();
  });

  it('runs cleanup exactly once when the request is aborted, and ends the body', async () => {
    const abort = new AbortController();
    let cleanups = 0;
    let opened: SseStream | undefined;
    const response = sseResponse(request({ signal: abort.signal }), (stream) => {
      opened = stream;
      return () => {
        cleanups++;
      };
    });
    const reader = bodyReader(response);
    await waitFor(() => opened !== undefined, 'setup');
    abort.abort();
    await waitFor(() => cleanups === 1, 'cleanup');
    opened!.close();
    opened!.send({ data: 'ignored after the end' });
    await reader.cancel();
    expect(opened!.closed).toBe(true);
    expect(opened!.signal.aborted).toBe(true);
    expect(cleanups).toBe(1);
  });

  it('runs cleanup once on close(), and when the client cancels the body', async () => {
    let closedCleanups = 0;
    const closed = sseResponse(request(), (stream) => {
      setTimeout(() => stream.close(), 5);
      return () => {
        closedCleanups++;
      };
    });
    const reader = bodyReader(closed);
    await reader.until(() => false);
    expect(reader.done).toBe(true);
    expect(closedCleanups).toBe(1);

    let cancelledCleanups = 0;
    let started = false;
    const cancelled = sseResponse(request(), () => {
      started = true;
      return () => {
        cancelledCleanups++;
      };
    });
    await waitFor(() => started, 'setup');
    await cancelled.body!.cancel();
    await waitFor(() => cancelledCleanups === 1, 'cleanup after cancel');
  });

  it('runs the cleanup of a setup that finishes after the client left', async () => {
    const abort = new AbortController();
    let release!: () => void;
    const setupGate = new Promise<void>((resolve) => (release = resolve));
    let started = false;
    let cleanups = 0;
    sseResponse(request({ signal: abort.signal }), async () => {
      started = true;
      await setupGate;
      return () => {
        cleanups++;
      };
    });
    await waitFor(() => started, 'setup started');
    abort.abort();
    release();
    await waitFor(() => cleanups === 1, 'late cleanup');
  });

  it('does not set up a stream whose client left before setup began', async () => {
    const abort = new AbortController();
    let ran = false;
    const response = sseResponse(request({ signal: abort.signal }), () => {
      ran = true;
    });
    abort.abort();
    expect(await bodyReader(response).until(() => false)).toBe(': connected\n\n');
    expect(ran).toBe(false);
  });

  it('closes the stream when setup fails', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const response = sseResponse(request(), async (stream) => {
      stream.send({ data: 'before' });
      throw new Error('setup failed');
    });
    const reader = bodyReader(response);
    expect(await reader.until(() => false)).toBe(': connected\n\ndata: before\n\n');
    expect(reader.done).toBe(true);
    expect(logged).toHaveBeenCalledWith('[sse] stream setup failed:', 'setup failed');
    logged.mockRestore();
  });

  it('does not start a stream for an already aborted request', async () => {
    let ran = false;
    const response = sseResponse(request({ signal: AbortSignal.abort() }), () => {
      ran = true;
    });
    const reader = bodyReader(response);
    expect(await reader.until(() => false)).toBe('');
    expect(ran).toBe(false);
  });
});

describe('lastEventId', () => {
  const withHeader = (value: string, url?: string) => request({ url, headers: { 'Last-Event-ID': value } });

  it('reads the Last-Event-ID header', () => {
    expect(lastEventId(withHeader('42'))).toBe(42n);
    expect(lastEventId(withHeader(' 0 '))).toBe(0n);
    expect(lastEventId(withHeader('9223372036854775807'))).toBe(9223372036854775807n);
  });

  it('falls back to the lastEventId query parameter', () => {
    expect(lastEventId(request({ url: 'http://localhost/s?lastEventId=17' }))).toBe(17n);
    expect(lastEventId(withHeader('junk', 'http://localhost/s?lastEventId=17'))).toBe(17n);
    expect(lastEventId(withHeader('5', 'http://localhost/s?lastEventId=17'))).toBe(5n);
  });

  it('returns null for a missing or malformed position', () => {
    expect(lastEventId(request())).toBeNull();
    for (const junk of ['', '-1', '1.5', '1e3', '0x10', 'abc', '12abc', '9223372036854775808', '1'.repeat(40)]) {
      expect(lastEventId(withHeader(junk)), junk).toBeNull();
      expect(lastEventId(request({ url: `http://localhost/s?lastEventId=${encodeURIComponent(junk)}` })), junk).toBeNull();
    }
  });
});
