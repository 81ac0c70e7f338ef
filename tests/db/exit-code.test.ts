import { spawnSync } from 'node:child_process';
import { expect, it } from 'vitest';

/**
 * Loading the embedded PostgreSQL must not change how a process ends: its exit hook once turned every exit code
 * into 0, so a test run with failures (and CI with it) passed.
 */
it('keeps the exit code of a process that loaded the embedded PostgreSQL', () => {
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--eval', "await import('./lib/db/embedded.ts'); process.exitCode = 3;"], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(3);
});
