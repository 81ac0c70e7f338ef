/**
 * `npm run emulator:anthropic [-- --port 3191] [--host 127.0.0.1] [--scenarios DIR] [--token-delay MS] [--api-key KEY]`
 *
 * Environment: ANTHROPIC_EMULATOR_PORT (default 3191).
 */
import { parseArgs } from 'node:util';
import { EMULATOR_API_KEY } from './control';
import { startAnthropicEmulator } from './server';

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    host: { type: 'string' },
    scenarios: { type: 'string' },
    'token-delay': { type: 'string' },
    'api-key': { type: 'string', multiple: true },
    help: { type: 'boolean', short: 'h', default: false },
  },
  allowPositionals: false,
});

if (values.help) {
  console.log(
    'Usage: npm run emulator:anthropic -- [--port N] [--host H] [--scenarios DIR] [--token-delay MS] [--api-key KEY]...\n' +
      `Env: ANTHROPIC_EMULATOR_PORT (default 3191). Accepted key by default: ${EMULATOR_API_KEY}`,
  );
  process.exit(0);
}

function integer(name: string, text: string, max: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0 || value > max) {
    console.error(`[anthropic-emulator] invalid ${name}: ${text}`);
    process.exit(2);
  }
  return value;
}

const emulator = await startAnthropicEmulator({
  port: integer('port', values.port ?? process.env.ANTHROPIC_EMULATOR_PORT ?? '3191', 65_535),
  host: values.host,
  scenariosDir: values.scenarios,
  tokenDelayMs: values['token-delay'] === undefined ? undefined : integer('token delay', values['token-delay'], 10_000),
  apiKeys: values['api-key'],
});
console.log(`[anthropic-emulator] listening on ${emulator.url} (ANTHROPIC_BASE_URL=${emulator.url} ANTHROPIC_API_KEY=${values['api-key']?.[0] ?? EMULATOR_API_KEY})`);

let stopping = false;
const stop = (signal: NodeJS.Signals) => {
  if (stopping) return;
  stopping = true;
  console.log(`[anthropic-emulator] ${signal}: stopping`);
  emulator.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error('[anthropic-emulator]', error);
      process.exit(1);
    },
  );
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
