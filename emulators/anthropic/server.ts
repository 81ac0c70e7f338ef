/**
 * The Anthropic emulator's HTTP server: `POST /v1/messages` (JSON and SSE streaming, scripted scenarios,
 * Anthropic's error bodies and headers) and the test controls under `/_emulator`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { z } from 'zod';
import { HttpError, listen, parseWith, readBody, readJson, send } from '../github/http';
import { type AnthropicFault, type AnthropicRequestLogEntry, EMULATOR_API_KEY, type Scenario } from './control';
import {
  AnthropicApiError,
  conversationOf,
  errorBody,
  formatEvent,
  inputTokens,
  limitToMaxTokens,
  message,
  newId,
  outputTokens,
  parseMessagesRequest,
  type ResponseBlock,
  type StreamEvent,
  streamEvents,
  usage,
} from './protocol';
import { defaultReply, loadScenarios, markedScenario, scenarioReply, scenarioSchema, unknownScenarioReply } from './scenarios';

export interface AnthropicEmulatorOptions {
  /** 0 = any free port. Default 3191. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Keys accepted in `x-api-key` or `Authorization: Bearer`; default [EMULATOR_API_KEY]. */
  apiKeys?: string[];
  /** Directory of scenario JSON files; default `emulators/anthropic/scenarios`. */
  scenariosDir?: string;
  /** Pause between streamed deltas when neither the scenario nor the controls set one. Default 0. */
  tokenDelayMs?: number;
  /** Logs unexpected server errors to the console (default true). */
  logErrors?: boolean;
  /**
   * Instrumentation for benchmarks run in the emulator's process: called right after each event of a
   * streamed answer has been written to the socket, with `performance.now()` of that moment (the same
   * clock as the caller's) and the request it answers (`seq` of the request log, `request-id` header).
   * Must not throw.
   */
  onStreamEvent?: (event: StreamEvent, written: StreamEventWritten) => void;
}

export interface StreamEventWritten {
  /** `performance.now()` in this process just after `write()` returned. */
  at: number;
  /** The request log entry's `seq`. */
  seq: number;
  requestId: string;
}

export interface AnthropicEmulator {
  /** Base URL for the SDK (`baseURL`), e.g. http://127.0.0.1:3191. */
  url: string;
  close(): Promise<void>;
}

const DEFAULT_PORT = 3191;
const LOG_LIMIT = 1_000;
const MAX_BODY_BYTES = 32 * 1024 * 1024;

const faultSchema = z
  .object({
    status: z.union([z.literal(429), z.literal(500), z.literal(529)]),
    count: z.number().int().positive().default(1),
    retryAfter: z.number().int().min(0).max(3600).default(1),
    inStream: z.boolean().default(false),
  })
  .strict();
const tokenDelay = z.number().int().min(0).max(10_000);
const scenarioRequest = z.union([
  z.object({ name: z.string().min(1).nullable(), tokenDelayMs: tokenDelay.optional() }).strict(),
  z.object({ scenario: scenarioSchema, tokenDelayMs: tokenDelay.optional() }).strict(),
]);

const FAULT_ERRORS = {
  429: { type: 'rate_limit_error', message: 'Number of requests has exceeded your rate limit. Please try again later.' },
  500: { type: 'api_error', message: 'Internal server error' },
  529: { type: 'overloaded_error', message: 'Overloaded' },
} as const;

function rateLimitHeaders(): Record<string, string> {
  const reset = new Date(Date.now() + 60_000).toISOString().replace(/\.\d+Z$/, 'Z');
  return {
    'anthropic-ratelimit-requests-limit': '4000',
    'anthropic-ratelimit-requests-remaining': '3999',
    'anthropic-ratelimit-requests-reset': reset,
    'anthropic-ratelimit-tokens-limit': '2000000',
    'anthropic-ratelimit-tokens-remaining': '2000000',
    'anthropic-ratelimit-tokens-reset': reset,
  };
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (body === undefined) {
    res.writeHead(status, headers);
    res.end();
    return;
  }
  send(res, status, JSON.stringify(body), { 'content-type': 'application/json', ...headers });
}

function presentedKey(req: IncomingMessage): string | null {
  const header = req.headers['x-api-key'];
  if (typeof header === 'string' && header) return header;
  const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
  return bearer?.[1]?.trim() || null;
}

export async function startAnthropicEmulator(options: AnthropicEmulatorOptions = {}): Promise<AnthropicEmulator> {
  const host = options.host ?? '127.0.0.1';
  const logErrors = options.logErrors ?? true;
  const apiKeys = new Set(options.apiKeys ?? [EMULATOR_API_KEY]);
  const scenarios = await loadScenarios(options.scenariosDir);

  let log: AnthropicRequestLogEntry[] = [];
  let seq = 0;
  let faults: Array<Required<AnthropicFault>> = [];
  let active: Scenario | null = null;
  let tokenDelayOverride: number | null = null;

  const record = (entry: Omit<AnthropicRequestLogEntry, 'seq' | 'time'>): AnthropicRequestLogEntry => {
    const logged = { seq: ++seq, time: new Date().toISOString(), ...entry };
    log.push(logged);
    if (log.length > LOG_LIMIT) log.splice(0, log.length - LOG_LIMIT);
    return logged;
  };

  const controlRoutes = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const route = `${req.method ?? 'GET'} ${url.pathname.replace(/\/+$/, '')}`;
    switch (route) {
      case 'GET /_emulator/requests': {
        const since = Number.parseInt(url.searchParams.get('since') ?? '0', 10) || 0;
        return json(res, 200, { requests: log.filter((e) => e.seq > since), lastSeq: seq });
      }
      case 'DELETE /_emulator/requests':
        log = [];
        return json(res, 204, undefined);
      case 'GET /_emulator/scenarios':
        return json(res, 200, [...scenarios.values()].map(({ name, description }) => ({ name, description })));
      case 'POST /_emulator/scenario': {
        const body = parseWith(scenarioRequest, await readJson(req));
        if ('scenario' in body) active = body.scenario;
        else if (body.name === null) active = null;
        else {
          const named = scenarios.get(body.name);
          if (!named) throw new HttpError(404, `No scenario "${body.name}"`);
          active = named;
        }
        if (body.tokenDelayMs !== undefined) tokenDelayOverride = body.tokenDelayMs;
        return json(res, 204, undefined);
      }
      case 'POST /_emulator/faults': {
        const fault = parseWith(faultSchema, await readJson(req));
        faults.push(fault);
        return json(res, 204, undefined);
      }
      case 'POST /_emulator/timing':
        tokenDelayOverride = parseWith(z.object({ tokenDelayMs: tokenDelay }).strict(), await readJson(req)).tokenDelayMs;
        return json(res, 204, undefined);
      case 'POST /_emulator/reset':
        log = [];
        faults = [];
        active = null;
        tokenDelayOverride = null;
        return json(res, 204, undefined);
      default:
        throw new HttpError(404, `No control ${route}`);
    }
  };

  /** Picks the answer: a marked scenario, else the active one, else the default echo. */
  const reply = (conversation: ReturnType<typeof conversationOf>): { blocks: ResponseBlock[]; scenario: Scenario | null } => {
    const marked = markedScenario(conversation);
    if (marked) {
      const scenario = scenarios.get(marked);
      if (!scenario) return { blocks: unknownScenarioReply(marked, scenarios.keys()), scenario: null };
      return { blocks: scenarioReply(scenario, conversation), scenario };
    }
    if (active) return { blocks: scenarioReply(active, conversation), scenario: active };
    return { blocks: defaultReply(conversation), scenario: null };
  };

  const messages = async (req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> => {
    const raw = (await readBody(req, MAX_BODY_BYTES)).toString('utf8');
    let body: unknown = raw;
    let isJson = true;
    try {
      body = JSON.parse(raw) as unknown;
    } catch {
      // Logged as text; answered below once the key has been checked.
      isJson = false;
    }
    const entry = record({ method: 'POST', path: '/v1/messages', status: 0, stream: false, scenario: null, body, completed: false });
    const fail = (error: AnthropicApiError): void => {
      entry.status = error.status;
      entry.completed = true;
      json(res, error.status, errorBody(error.type, error.message, requestId), { 'request-id': requestId, ...error.headers });
    };

    const key = presentedKey(req);
    if (!key) return fail(new AnthropicApiError(401, 'authentication_error', 'x-api-key header is required'));
    if (!apiKeys.has(key)) return fail(new AnthropicApiError(401, 'authentication_error', 'invalid x-api-key'));
    if (!req.headers['anthropic-version']) return fail(new AnthropicApiError(400, 'invalid_request_error', 'anthropic-version: header is required'));
    entry.stream = typeof body === 'object' && body !== null && (body as { stream?: unknown }).stream === true;

    const fault = faults.find((f) => f.count > 0 && (!f.inStream || entry.stream));
    if (fault) {
      fault.count--;
      faults = faults.filter((f) => f.count > 0);
      if (!fault.inStream) {
        const { type, message: text } = FAULT_ERRORS[fault.status];
        const headers: Record<string, string> =
          fault.status === 429 ? { ...rateLimitHeaders(), 'anthropic-ratelimit-requests-remaining': '0', 'retry-after': String(fault.retryAfter) } : {};
        return fail(new AnthropicApiError(fault.status, type, text, headers));
      }
    }

    if (!isJson) return fail(new AnthropicApiError(400, 'invalid_request_error', 'There was an issue with your request body: it is not valid JSON.'));
    let request;
    try {
      request = parseMessagesRequest(body);
    } catch (error) {
      if (error instanceof AnthropicApiError) return fail(error);
      throw error;
    }

    const conversation = conversationOf(request);
    const chosen = reply(conversation);
    entry.scenario = chosen.scenario?.name ?? null;
    const { blocks, truncated } = limitToMaxTokens(chosen.blocks, request.max_tokens);
    const stopReason = truncated ? 'max_tokens' : blocks.some((b) => b.type === 'tool_use') ? 'tool_use' : 'end_turn';
    const input = inputTokens(request);
    const finalUsage = usage(input, outputTokens(blocks));
    const id = newId('msg');
    const headers = { 'request-id': requestId, ...rateLimitHeaders() };

    if (!request.stream) {
      entry.status = 200;
      entry.completed = true;
      json(res, 200, message(id, request.model, blocks, stopReason, finalUsage), headers);
      return;
    }

    entry.status = 200;
    res.writeHead(200, { ...headers, 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
    let gone = false;
    res.on('close', () => {
      gone = !res.writableFinished;
    });
    const pause = tokenDelayOverride ?? chosen.scenario?.tokenDelayMs ?? options.tokenDelayMs ?? 0;
    const start = message(id, request.model, [], null, usage(input, 1));
    if (fault?.inStream) {
      res.write(formatEvent({ event: 'message_start', data: { type: 'message_start', message: start } }));
      const { type, message: text } = FAULT_ERRORS[fault.status];
      res.end(formatEvent({ event: 'error', data: errorBody(type, text, requestId) }));
      entry.completed = true;
      return;
    }
    for (const event of streamEvents(start, blocks, stopReason, finalUsage)) {
      if (gone || res.destroyed) return;
      res.write(formatEvent(event));
      options.onStreamEvent?.(event, { at: performance.now(), seq: entry.seq, requestId });
      if (pause > 0 && event.event === 'content_block_delta') await delay(pause);
    }
    res.end();
    entry.completed = true;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://emulator.invalid');
    const method = (req.method ?? 'GET').toUpperCase();
    if (url.pathname === '/_emulator' || url.pathname.startsWith('/_emulator/')) {
      try {
        await controlRoutes(req, res, url);
      } catch (error) {
        if (error instanceof HttpError) json(res, error.status, { message: error.message });
        else throw error;
      }
      return;
    }
    const requestId = newId('req');
    if (url.pathname.replace(/\/+$/, '') === '/v1/messages' && method === 'POST') {
      try {
        await messages(req, res, requestId);
      } catch (error) {
        if (!(error instanceof HttpError)) throw error;
        json(res, error.status, errorBody(error.status === 413 ? 'request_too_large' : 'invalid_request_error', error.message, requestId), {
          'request-id': requestId,
        });
      }
      return;
    }
    req.resume();
    json(res, 404, errorBody('not_found_error', 'Not found', requestId), { 'request-id': requestId });
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (logErrors) console.error('[anthropic-emulator]', error);
      if (!res.headersSent) json(res, 500, errorBody('api_error', 'Internal server error', newId('req')));
      else res.destroy();
    });
  });
  server.requestTimeout = 0;
  server.keepAliveTimeout = 5_000;

  const url = await listen(server, options.port ?? DEFAULT_PORT, host);

  let closing: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
      // Streams in flight get a moment to finish; then every connection is cut.
      setTimeout(() => server.closeAllConnections(), 500).unref();
    });
    return closing;
  };

  return { url, close };
}
