import { env } from '@/lib/env';
import { AppError, errorResponse } from '@/lib/errors';
import { SSE_HEADERS } from '@/lib/realtime/sse';
import { otherMethods } from '@/lib/http';

export const dynamic = 'force-dynamic';

/**
 * Benchmarks only (WEBEDT_BENCH_ROUTES): the cheapest streaming response a Next.js route handler can
 * hold open, and a write to all of them — the floor bench/realtime.ts sets the workspace stream
 * against (heap per open response, CPU per SSE write), measured in the same run on the same build.
 */
const open = new Set<ReadableStreamDefaultController<Uint8Array>>();
const comment = new TextEncoder().encode(': bench\n\n');

const disabled = () => errorResponse(new AppError('not_found', 'Not found.'));

export function GET(request: Request): Response {
  if (!env().WEBEDT_BENCH_ROUTES) return disabled();
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({
    start(streamController) {
      controller = streamController;
      open.add(controller);
      // Next.js sends the headers with the first chunk.
      controller.enqueue(comment);
    },
    cancel() {
      open.delete(controller);
    },
  });
  request.signal.addEventListener('abort', () => {
    open.delete(controller);
    try {
      controller.close();
    } catch {
      // Already closed by the consumer.
    }
  });
  return new Response(body, { headers: SSE_HEADERS });
}

/** One comment to every open bare stream of this process; answers how many there are. */
export function POST(): Response {
  if (!env().WEBEDT_BENCH_ROUTES) return disabled();
  for (const controller of open) controller.enqueue(comment);
  return Response.json({ streams: open.size });
}

export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods('GET', 'POST');
