/**
 * Typed client for the Anthropic emulator's test controls (`${url}/_emulator/...`) and the shapes they
 * exchange. Dependency-free so tests and scripts can import it without pulling in the server.
 */
import { callEmulatorControl } from '../github/control';

/** The key the emulator accepts unless it is started with other `apiKeys`. */
export const EMULATOR_API_KEY = 'sk-ant-emulator-key';

/** A block of a scripted reply: text, or a call of one of the request's tools with a fixed input. */
export type ScenarioBlock = { text: string } | { tool: string; input: Record<string, unknown> };

/**
 * Conditions a request must meet for a turn to answer it. `step` counts the model calls since the last
 * user message with text (0 = answering that message, 1 = answering the first tool results, …).
 */
export interface ScenarioMatch {
  step?: number;
  /** The last user text contains this. */
  userText?: string;
  /** The last message carries a tool_result with these properties. */
  toolResult?: { isError?: boolean; contains?: string };
  /** The system prompt contains this (e.g. instructions the app must have passed on). */
  systemText?: string;
  /** None of these tools is offered (e.g. a turn that may only read). */
  toolsAbsent?: string[];
}

export interface ScenarioTurn {
  /** Absent: the turn answers step N where N is its position in `turns`. */
  when?: ScenarioMatch;
  reply: ScenarioBlock[];
}

export interface Scenario {
  name: string;
  description: string;
  /** Pause between streamed deltas, unless the controls set one. */
  tokenDelayMs?: number;
  turns: ScenarioTurn[];
}

export interface AnthropicFault {
  /** 429 rate_limit_error (with retry-after), 529 overloaded_error, 500 api_error. */
  status: 429 | 500 | 529;
  /** How many `/v1/messages` requests fail this way (default 1). */
  count?: number;
  /** Seconds, sent as `retry-after` (429 only; default 1). */
  retryAfter?: number;
  /** Fail a streaming request after `message_start` with an SSE `error` event instead of an HTTP status. */
  inStream?: boolean;
}

export interface AnthropicRequestLogEntry {
  seq: number;
  time: string;
  method: string;
  path: string;
  status: number;
  stream: boolean;
  /** The scenario that answered, or null (errors, faults, the default answer). */
  scenario: string | null;
  /** The parsed JSON body (or the raw text when it was not JSON). */
  body: unknown;
  /** False when the client went away before the response ended (an aborted stream). */
  completed: boolean;
}

export interface AnthropicRequestLog {
  requests: AnthropicRequestLogEntry[];
  /** Sequence number of the newest entry ever logged (0 when none); survives clearing. */
  lastSeq: number;
}

export class AnthropicEmulatorControl {
  constructor(readonly url: string) {}

  private call<T>(method: string, path: string, body?: unknown): Promise<T> {
    return callEmulatorControl('Anthropic emulator', this.url, method, path, body);
  }

  /** Answers every following request with this scenario (by name, or an inline definition) until reset. */
  useScenario(scenario: string | Scenario, options: { tokenDelayMs?: number } = {}): Promise<void> {
    return this.call('POST', '/scenario', typeof scenario === 'string' ? { name: scenario, ...options } : { scenario, ...options });
  }

  scenarios(): Promise<Array<{ name: string; description: string }>> {
    return this.call('GET', '/scenarios');
  }

  /** The next `count` message requests fail with the fault. */
  fault(fault: AnthropicFault): Promise<void> {
    return this.call('POST', '/faults', fault);
  }

  /** Pause between streamed deltas for every scenario (overrides the scenario's own). */
  timing(tokenDelayMs: number): Promise<void> {
    return this.call('POST', '/timing', { tokenDelayMs });
  }

  requests(since?: number): Promise<AnthropicRequestLog> {
    return this.call('GET', since === undefined ? '/requests' : `/requests?since=${since}`);
  }

  clearRequests(): Promise<void> {
    return this.call('DELETE', '/requests');
  }

  /** Clears the active scenario, faults, timing and the request log. */
  reset(): Promise<void> {
    return this.call('POST', '/reset');
  }
}
