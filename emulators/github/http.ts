/** A minimal router and request helpers on top of node:http. */
import type { IncomingMessage, ServerResponse } from 'node:http';

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

export async function readBody(req: IncomingMessage, limit = 64 * 1024 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new HttpError(413, 'Request body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
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
