import { type ChildProcess, spawn } from 'node:child_process';

export interface RunningCli {
  child: ChildProcess;
  /** The URL the command printed as "listening on <url>". */
  url: string;
  /** Resolves to the exit code. */
  exited: Promise<number | null>;
}

/** Starts a TypeScript command-line entry point (as `npm run` would, through tsx) and waits for its URL. */
export async function startCli(script: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<RunningCli> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match?.[1]) resolve(match[1]);
    });
    child.on('exit', () => reject(new Error(`${script} exited early: ${out}`)));
  });
  return { child, url, exited };
}
