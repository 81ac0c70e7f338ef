/**
 * `npm run emulator:github [-- --port 3190] [--host 127.0.0.1] [--data .data/github] [--seed file.json] [--reset]`
 *
 * Environment: GITHUB_EMULATOR_PORT (default 3190), GITHUB_EMULATOR_DATA (default .data/github).
 */
import { parseArgs } from 'node:util';
import { startGitHubEmulator } from './server';

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    host: { type: 'string' },
    data: { type: 'string' },
    seed: { type: 'string' },
    reset: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
  allowPositionals: false,
});

if (values.help) {
  console.log(
    'Usage: npm run emulator:github -- [--port N] [--host H] [--data DIR] [--seed FILE] [--reset]\n' +
      'Env: GITHUB_EMULATOR_PORT (default 3190), GITHUB_EMULATOR_DATA (default .data/github)',
  );
  process.exit(0);
}

const portText = values.port ?? process.env.GITHUB_EMULATOR_PORT ?? '3190';
const port = Number(portText);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`[github-emulator] invalid port: ${portText}`);
  process.exit(2);
}

const emulator = await startGitHubEmulator({
  port,
  host: values.host,
  dataDir: values.data ?? process.env.GITHUB_EMULATOR_DATA ?? '.data/github',
  seed: values.seed,
  reset: values.reset,
});
console.log(`[github-emulator] listening on ${emulator.url} (REST API ${emulator.apiUrl})`);

let stopping = false;
const stop = (signal: NodeJS.Signals) => {
  if (stopping) return;
  stopping = true;
  console.log(`[github-emulator] ${signal}: stopping`);
  emulator.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error('[github-emulator]', error);
      process.exit(1);
    },
  );
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
