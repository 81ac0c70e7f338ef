/** A minimal router and request helpers on top of node:http, shared by the emulators. */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';

export type Params = Record<string, string>;

interface Route<H> {
  method: string;
  regex: RegExp;
  names: string[];
  handler: H;
}

function safeDecode(value: string): string | null {
  try {
    return decodeURIComponent(value);
  } catch {
    return null;
  }
}

/**
 * Patterns: `:name` matches one path segment, `*name` the rest of the path (one or more segments; how
 * GitHub routes branch names and file paths containing `/`). Matching runs on the raw path, so an
 * encoded `%2F` stays inside its segment; parameters are percent-decoded afterwards.
 */
export class Router<H> {
  private readonly routes: Route<H>[] = [];

  add(method: string, pattern: string, handler: H): this {
    const names: string[] = [];
    const source = pattern
      .split('/')
      .map((segment) => {
        if (segment.startsWith(':')) {
          names.push(segment.slice(1));
          return '([^/]+)';
        }
        if (segment.startsWith('*')) {
          names.push(segment.slice(1));
          return '(.+)';
        }
        return segment.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
      })
      .join('/');
    this.routes.push({ method, regex: new RegExp(`^${source}/?$`), names, handler });
    return this;
  }

  /** `null` when no pattern matches; `{ handler: null }` when the path exists for other methods. */
  match(method: string, rawPath: string): { handler: H; params: Params } | { handler: null } | null {
    let pathExists = false;
    const wanted = method === 'HEAD' ? 'GET' : method;
    for (const route of this.routes) {
      const m = route.regex.exec(rawPath);
      if (!m) continue;
      const params: Params = {};
      let ok = true;
      route.names.forEach((name, i) => {
        const value = safeDecode(m[i + 1] ?? '');
        if (value === null) ok = false;
        else params[name] = value;
      });
      if (!ok) continue;
      pathExists = true;
      if (route.method === wanted) return { handler: route.handler, params };
    }
    return pathExists ? { handler: null } : null;
  }
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The request body; 413 past `limit`, answered only once the body has been read, so the client sees it. */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    // Keep reading (and dropping) the rest: answering mid-upload makes clients see a reset connection.
    if (size <= limit) chunks.push(chunk);
  }
  if (size > limit) throw new HttpError(413, 'Request body too large');
  return Buffer.concat(chunks);
}

/** A JSON body (empty = `{}`); 400 when it is not JSON. */
export async function readJson(req: IncomingMessage): Promise<unknown> {
  const text = (await readBody(req, 1024 * 1024)).toString('utf8');
  if (!text.trim()) return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, 'Problems parsing JSON');
  }
}

/** The value as the schema's output; 422 with zod's explanation when it does not fit. */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new HttpError(422, z.prettifyError(parsed.error));
  return parsed.data;
}

/** Listens on host:port (0 = any free port); resolves to the base URL clients should use. */
export async function listen(server: Server, port: number, host: string): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return `http://${urlHost}:${address.port}`;
}

/** Parses a JSON or urlencoded body (what GitHub's OAuth endpoints accept) into a flat string map. */
export async function readForm(req: IncomingMessage): Promise<Record<string, string>> {
  const body = (await readBody(req, 1024 * 1024)).toString('utf8');
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  if (type.includes('json') || (body.trimStart().startsWith('{') && !type.includes('urlencoded'))) {
    try {
      const parsed: unknown = JSON.parse(body);
      if (parsed && typeof parsed === 'object') {
        return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, v == null ? '' : String(v)]));
      }
    } catch {
      return {};
    }
    return {};
  }
  return Object.fromEntries(new URLSearchParams(body));
}

export function send(
  res: ServerResponse,
  status: number,
  body: string | Buffer,
  headers: Record<string, string | number> = {},
): void {
  const buffer = typeof body === 'string' ? Buffer.from(body) : body;
  res.writeHead(status, { 'content-length': buffer.length, ...headers });
  res.end(buffer);
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
