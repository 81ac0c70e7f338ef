import { defineConfig, devices } from '@playwright/test';

/**
 * End-to-end tests drive Debian's Chromium against a production build served with embedded
 * defaults (or a fresh database on DATABASE_URL's server when it is set). A second app instance on
 * the next port shares the first one's database, GitHub emulator and data (`serve.ts --join`), for
 * tests of what crosses instances.
 */
const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;
/** The second app instance (same database): `browser.newContext({ baseURL: secondInstanceURL })`. */
export const secondInstanceURL = `http://127.0.0.1:${port + 1}`;
/** A port free for an instance a test starts and stops itself (`e2e/support/instance.ts`). */
export const extraInstancePort = port + 2;
/** The app starts the GitHub emulator on this port; tests reach its control endpoints there. */
export const githubEmulatorPort = Number(process.env.E2E_GITHUB_EMULATOR_PORT ?? 3190);
// Every run serves a database made by the previous WebEDT server, upgraded on start (e2e/upgrade.spec.ts
// looks at what it carried over): the whole suite runs on an upgraded database, as real deployments do.
const serveFlags = `${process.env.DATABASE_URL ? '--fresh-data --fresh-database' : '--fresh-data'} --previous-server-database`;
// The Anthropic emulator answers Live Chat and agents with scripted scenarios (`[scenario:name]` in a message).
export const serverEnv = { DATA_DIR: '.data/e2e', NODE_ENV: 'production' as const, WEBEDT_ANTHROPIC_EMULATOR: 'true' };

export default defineConfig({
  testDir: 'e2e',
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
  use: {
    baseURL,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'] } }],
  // Started in order: the second joins the first once it is up.
  webServer: [
    {
      command: `npx tsx scripts/serve.ts ${serveFlags}`,
      url: `${baseURL}/api/health`,
      timeout: 120_000,
      reuseExistingServer: false,
      stdout: 'pipe',
      env: { ...serverEnv, PORT: String(port), GITHUB_EMULATOR_PORT: String(githubEmulatorPort) },
    },
    {
      command: 'npx tsx scripts/serve.ts --join',
      url: `${secondInstanceURL}/api/health`,
      timeout: 120_000,
      reuseExistingServer: false,
      stdout: 'pipe',
      env: { ...serverEnv, PORT: String(port + 1) },
    },
  ],
});
