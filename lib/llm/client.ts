import 'server-only';
import Anthropic from '@anthropic-ai/sdk';
import { env } from '@/lib/env';
import { AppError } from '@/lib/errors';
import type { Pricing } from './usage';

/** What a tool loop needs from the configuration besides the client. */
export interface LlmSettings {
  model: string;
  /** Attempts after the first for overloaded / rate-limited / failed calls (ANTHROPIC_MAX_RETRIES). */
  maxRetries: number;
  pricing: Pricing;
}

export const LLM_NOT_CONFIGURED =
  'Live Chat needs an Anthropic API key: set ANTHROPIC_API_KEY in the server environment (see .env.example) and restart WebEDT.';

/** Whether an Anthropic API key is configured (Live Chat and agents are unavailable without one). */
export function llmConfigured(): boolean {
  return Boolean(env().ANTHROPIC_API_KEY);
}

/** Throws the 503 that tells people how to enable Live Chat when no key is configured. */
export function requireLlm(): void {
  if (!llmConfigured()) throw new AppError('service_unavailable', LLM_NOT_CONFIGURED);
}

export function llmSettings(): LlmSettings {
  const config = env();
  return {
    model: config.ANTHROPIC_MODEL,
    maxRetries: config.ANTHROPIC_MAX_RETRIES,
    pricing: { inputUsdPerMTok: config.ANTHROPIC_INPUT_USD_PER_MTOK, outputUsdPerMTok: config.ANTHROPIC_OUTPUT_USD_PER_MTOK },
  };
}

const globalForClient = globalThis as unknown as { webedtAnthropic?: Anthropic };

/**
 * The process-wide Anthropic client (ANTHROPIC_API_KEY, ANTHROPIC_BASE_URL). The SDK's own retries are off:
 * the tool loop retries overloads and rate limits itself, so it can tell the user while it waits and honour
 * an abort during the wait.
 */
export function anthropicClient(): Anthropic {
  requireLlm();
  const config = env();
  globalForClient.webedtAnthropic ??= new Anthropic({
    apiKey: config.ANTHROPIC_API_KEY,
    baseURL: config.ANTHROPIC_BASE_URL,
    maxRetries: 0,
  });
  return globalForClient.webedtAnthropic;
}
