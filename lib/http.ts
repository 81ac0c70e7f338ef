import type { z } from 'zod';
import { NUL_IN_TEXT } from '@/lib/db/errors';
import { AppError, errorResponse } from '@/lib/errors';

const DEFAULT_MAX_JSON_BYTES = 64 * 1024;

/**
 * Reads a JSON request body with a size limit and validates it. Bad JSON, a wrong content type or
 * a body over the limit are client errors with a readable message, never a 500.
 */
export async function readJson<S extends z.ZodType>(
  request: Request,
  schema: S,
  maxBytes = DEFAULT_MAX_JSON_BYTES,
): Promise<z.infer<S>> {
  const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') {
    throw new AppError('bad_request', 'Send the request body as JSON (Content-Type: application/json).');
  }
  const tooLarge = new AppError('payload_too_large', `The request body is larger than ${maxBytes} bytes.`);
  if (Number(request.headers.get('content-length') ?? 0) > maxBytes) throw tooLarge;
  const text = await readText(request, maxBytes, tooLarge);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new AppError('bad_request', 'The request body is not valid JSON.');
  }
  if (containsNul(body)) throw new AppError('bad_request', NUL_IN_TEXT);
  return schema.parse(body);
}

/**
 * The body as text, read only up to `maxBytes`: a body sent without a length (chunked) that goes on
 * and on is refused as soon as it passes the limit, not held in memory to the end.
 */
async function readText(request: Request, maxBytes: number, tooLarge: AppError): Promise<string> {
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Validates a request's query string like a body; each name may be given once. */
export function readQuery<S extends z.ZodType>(request: Request, schema: S): z.infer<S> {
  const query: Record<string, string> = {};
  for (const [name, value] of new URL(request.url).searchParams) {
    if (Object.hasOwn(query, name)) throw new AppError('bad_request', `Give the query parameter "${name.slice(0, 50)}" once.`);
    if (containsNul(name) || containsNul(value)) throw new AppError('bad_request', NUL_IN_TEXT);
    query[name] = value;
  }
  return schema.parse(query);
}

/** Whether a NUL is anywhere in a query value or parsed JSON (keys too): PostgreSQL text and git refuse it, so it is refused at the door. */
function containsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\0');
  if (Array.isArray(value)) return value.some(containsNul);
  if (value && typeof value === 'object') return Object.entries(value).some(([key, item]) => key.includes('\0') || containsNul(item));
  return false;
}

type RouteMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * What a route answers the methods it does not take with: Next.js would send an empty 405 (and an
 * OPTIONS listing them as allowed); this is the API's JSON error with a true Allow header. A route
 * exports the ones it lacks: `export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods('GET', 'POST');`
 */
export function otherMethods(...allowed: RouteMethod[]): Record<RouteMethod | 'OPTIONS', (request: Request) => Response> {
  const allow = [...allowed, ...(allowed.includes('GET') ? ['HEAD'] : []), 'OPTIONS'].join(', ');
  const refuse = (request: Request) =>
    errorResponse(new AppError('method_not_allowed', `${request.method.slice(0, 20)} is not supported here: use ${allowed.join(' or ')}.`, { allow }));
  return { GET: refuse, POST: refuse, PUT: refuse, PATCH: refuse, DELETE: refuse, OPTIONS: () => new Response(null, { status: 204, headers: { allow } }) };
}

/** Largest server action request (a commit with its files); next.config.mjs gives Next.js the same limit. */
export const SERVER_ACTION_MAX_BYTES = 10 * 1024 * 1024;

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The host the browser addressed. `X-Forwarded-Host` is anyone's to send, so it counts only when the
 * configuration says a proxy in front of the app sets it (TRUST_PROXY); otherwise the Host header.
 */
export function requestHost(headers: Headers, trustProxy: boolean): string | null {
  return (trustProxy ? headers.get('x-forwarded-host') : null) ?? headers.get('host');
}

/**
 * Refuses a mutation another site made the browser send: `Sec-Fetch-Site: cross-site` (browsers
 * send it even where they leave Origin out), or an Origin whose host is not the one addressed.
 */
export function checkOrigin(request: Request, trustProxy: boolean): void {
  if (SAFE_METHODS.has(request.method)) return;
  const forbidden = new AppError('forbidden', 'The request origin is not allowed.');
  if (request.headers.get('sec-fetch-site') === 'cross-site') throw forbidden;
  const origin = request.headers.get('origin');
  if (!origin) return;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    throw forbidden;
  }
  if (originHost !== requestHost(request.headers, trustProxy)) throw forbidden;
}
