import { type ChildProcess, spawn } from 'node:child_process';
import http from 'node:http';
import { extraInstancePort, serverEnv } from '../../playwright.config';

/**
 * One more app instance on the test run's database (`serve.ts --join`), for tests that stop an
 * instance while people are on it: Playwright's own web servers live for the whole run.
 */
export interface ExtraInstance {
  url: string;
  /** SIGTERM to the instance's process group, as an orchestrator stops it. */
  stop(): Promise<void>;
  /** Whatever is left of it, for the test's cleanup. */
  kill(): void;
}

/**
 * One health check on a connection of its own: a stopping server still answers on connections it
 * already has (keep-alive), so a pooled client would see it healthy for as long as it keeps asking.
 */
function healthy(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const request = http.get(`${url}/api/health`, { agent: false }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    request.on('error', () => resolve(false));
    request.setTimeout(5_000, () => request.destroy());
  });
}

export async function startExtraInstance(): Promise<ExtraInstance> {
  const url = `http://127.0.0.1:${extraInstancePort}`;
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'scripts/serve.ts', '--join'], {
    env: { ...process.env, ...serverEnv, PORT: String(extraInstancePort) },
    stdio: 'ignore',
    detached: true,
  });
  const signal = (name: NodeJS.Signals) => {
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) process.kill(-child.pid, name);
  };
  const deadline = Date.now() + 120_000;
  while (!(await healthy(url))) {
    if (child.exitCode !== null) throw new Error(`the extra instance exited (${child.exitCode}) while starting`);
    if (Date.now() > deadline) {
      signal('SIGKILL');
      throw new Error('the extra instance did not become healthy');
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    url,
    async stop() {
      signal('SIGTERM');
      // Next.js waits for open connections before it exits; the instance has stopped serving once health fails.
      while (await healthy(url)) await new Promise((resolve) => setTimeout(resolve, 100));
    },
    kill() {
      signal('SIGKILL');
    },
  };
}
