import http from 'node:http';
import { performance } from 'node:perf_hooks';

export interface Stream {
  close(): void;
  ready: Promise<void>;
}

export type OnMessage = (event: string, data: string, at: number) => void;

/**
 * One SSE stream read with plain `node:http` and a string buffer (a thousand fetch readers would cost more CPU
 * than the server they measure, on the same cores). `onMessage` gets every block, comments as event ":".
 */
export function openStream(url: string, cookie: string, onMessage: OnMessage = () => {}, onEnd: () => void = () => {}): Stream {
  let request: http.ClientRequest | undefined;
  const ready = new Promise<void>((resolve, reject) => {
    request = http.get(url, { headers: { cookie, accept: 'text/event-stream' }, agent: false }, (response) => {
      if (response.statusCode !== 200) {
        response.resume();
        reject(new Error(`stream answered ${response.statusCode}`));
        return;
      }
      resolve();
      response.setEncoding('utf8');
      let buffer = '';
      response.on('data', (chunk: string) => {
        const at = performance.now();
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (block.startsWith(':')) {
            onMessage(':', block, at);
            continue;
          }
          let event = 'message';
          let data = '';
          for (const line of block.split('\n')) {
            if (line.startsWith('event: ')) event = line.slice(7);
            else if (line.startsWith('data: ')) data = line.slice(6);
          }
          onMessage(event, data, at);
        }
      });
      response.on('error', () => {});
      response.on('close', onEnd);
    });
    request.on('error', reject);
  });
  // A stream the bench closes itself is not a failure.
  ready.catch(() => {});
  return { ready, close: () => request?.destroy() };
}
