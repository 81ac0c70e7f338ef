import { AnthropicEmulatorControl, EMULATOR_API_KEY } from '@/emulators/anthropic/control';
import { type AnthropicEmulatorOptions, startAnthropicEmulator } from '@/emulators/anthropic/server';

export interface TestAnthropic {
  /** Base URL for the SDK. */
  url: string;
  apiKey: string;
  control: AnthropicEmulatorControl;
  close(): Promise<void>;
}

/**
 * An Anthropic emulator on a free port, with the app's Anthropic settings pointed at it.
 * Call before anything reads `env()` (it is parsed once per process).
 */
export async function startTestAnthropic(options: Omit<AnthropicEmulatorOptions, 'port'> = {}): Promise<TestAnthropic> {
  const emulator = await startAnthropicEmulator({ port: 0, ...options });
  Object.assign(process.env, { ANTHROPIC_BASE_URL: emulator.url, ANTHROPIC_API_KEY: EMULATOR_API_KEY });
  return { url: emulator.url, apiKey: EMULATOR_API_KEY, control: new AnthropicEmulatorControl(emulator.url), close: emulator.close };
}
