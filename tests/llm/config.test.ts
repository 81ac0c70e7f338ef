import { describe, expect, it } from 'vitest';
import { parseEnv } from '@/lib/env';
import { AppError } from '@/lib/errors';

// This file's process has no Anthropic settings: Live Chat must say so plainly.
for (const name of Object.keys(process.env)) if (name.startsWith('ANTHROPIC_')) delete process.env[name];
const { anthropicClient, llmConfigured, llmSettings, requireLlm } = await import('@/lib/llm/client');

describe('LLM configuration', () => {
  it('without ANTHROPIC_API_KEY, says plainly that Live Chat needs one and how to set it', () => {
    expect(llmConfigured()).toBe(false);
    expect(() => requireLlm()).toThrow(AppError);
    expect(() => anthropicClient()).toThrow(
      expect.objectContaining({
        code: 'service_unavailable',
        status: 503,
        message: expect.stringMatching(/^Live Chat needs an Anthropic API key: set ANTHROPIC_API_KEY/),
      }),
    );
  });

  it('has a default model and pricing', () => {
    expect(llmSettings()).toEqual({ model: 'claude-sonnet-5-5', maxRetries: 4, pricing: { inputUsdPerMTok: 3, outputUsdPerMTok: 15 } });
  });

  it('validates the Anthropic variables', () => {
    expect(() => parseEnv({ ANTHROPIC_BASE_URL: 'not a url' })).toThrow(/ANTHROPIC_BASE_URL:/);
    expect(() => parseEnv({ ANTHROPIC_INPUT_USD_PER_MTOK: '-1' })).toThrow(/ANTHROPIC_INPUT_USD_PER_MTOK:/);
    expect(parseEnv({ ANTHROPIC_OUTPUT_USD_PER_MTOK: '75', WEBEDT_ANTHROPIC_EMULATOR: '1' })).toMatchObject({
      ANTHROPIC_OUTPUT_USD_PER_MTOK: 75,
      WEBEDT_ANTHROPIC_EMULATOR: true,
    });
  });
});
