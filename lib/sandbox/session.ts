import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { SandboxManager } from '@anthropic-ai/sandbox-runtime';
import Bottleneck from 'bottleneck/light.js';
import { env } from '@/lib/env';
import type { BranchWorkspace } from '@/lib/llm/workspace';
import { defaultLimits, describeLimit, type SandboxLimits } from './limits';
import { KeptOutput } from './output';
import { SANDBOX_PATH, sandboxEnvironment, type SandboxRuntime, sandboxConfig, sandboxRuntime, sandboxStatus } from './runtime';
import { type CommandSummary, isTestCommand, type LimitName } from './summary';
import { NO_FILE_CHANGES, WorkingCopy } from './working-copy';

/**
 * One turn's sandbox: the turn's branch snapshot as a working copy on disk (made by the first command,
 * removed by `close`), and commands run in it one at a time under the OS sandbox and its limits. What a
 * command changes in the working copy joins the turn's workspace, so it lands in the turn's one commit.
 */

export interface CommandResult extends CommandSummary {
  /** stdout and stderr interleaved, as kept (see KeptOutput). */
  output: string;
}

export function commandSummary(result: CommandResult): CommandSummary {
  const { command, cwd, exitCode, durationMs, limit, limitMessage, cancelled, outputBytes, changes, isTest } = result;
  return { command, cwd, exitCode, durationMs, limit, limitMessage, cancelled, outputBytes, changes, isTest };
}

export interface RunOptions {
  /** Folder relative to the repository root; it must exist. */
  cwd?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Output as it arrives (already decoded; chunks of either stream in order). */
  onOutput?: (text: string) => void;
}

export interface SessionOptions {
  /** Domains the repository asks for (its config); only those the operator allows are reachable. */
  allowedDomains?: string[];
  limits?: Partial<SandboxLimits>;
  /** The repository's test command, so that its runs are known as test runs. */
  testCommand?: string;
}

export class SandboxUnavailableError extends Error {}

const DISK_CHECK_MS = 2_000;
/** Output handed to `onOutput` at most this often: a command printing megabytes is not one event per chunk. */
const OUTPUT_FLUSH_MS = 100;
/** A stopped command whose pipes stay open (a grandchild holding them) is given up on after this. */
const CLOSE_GRACE_MS = 2_000;

/** The messages tools print when fork() fails against RLIMIT_NPROC. */
const FORK_FAILED = /fork: (retry: )?Resource temporarily unavailable|Cannot fork|spawn EAGAIN|can't fork/i;
/** The messages of allocations refused under RLIMIT_AS, across the usual runtimes. */
const OUT_OF_MEMORY = /out of memory|\bOOM\b|Cannot allocate memory|MemoryError|std::bad_alloc|Array buffer allocation failed|allocation failed|ENOMEM/i;
const SIGXCPU_EXIT = 128 + 24;
const SIGXFSZ_EXIT = 128 + 25;

const globalForLimiter = globalThis as unknown as { webedtSandboxLimiter?: Bottleneck };

/** Sandboxes running at once in this process (shared by every Next.js bundle); more wait their turn. */
function concurrency(): Bottleneck {
  globalForLimiter.webedtSandboxLimiter ??= new Bottleneck({ maxConcurrent: env().SANDBOX_MAX_CONCURRENT });
  return globalForLimiter.webedtSandboxLimiter;
}

export class SandboxSession {
  private copy: WorkingCopy | null = null;
  private wrapped: string[] | null = null;
  private readonly commandId = randomBytes(16).toString('base64url');
  private closed = false;
  private queue: Promise<unknown> = Promise.resolve();
  readonly limits: SandboxLimits;

  constructor(
    private readonly workspace: BranchWorkspace,
    private readonly options: SessionOptions = {},
  ) {
    this.limits = { ...defaultLimits(), ...options.limits };
  }

  /** Folder of the working copy (for tests and diagnostics); null before the first command. */
  get workingCopyDir(): string | null {
    return this.copy?.repoDir ?? null;
  }

  /** Writes the working copy and wraps the turn's sandbox once; every command of the turn reuses both. */
  private async prepare(runtime: SandboxRuntime): Promise<{ copy: WorkingCopy; argv: string[] }> {
    if (!this.copy) {
      const owner = process.getuid?.() === runtime.uid ? null : { uid: runtime.uid, gid: runtime.gid };
      this.copy = await WorkingCopy.create(runtime.turnsDir, this.workspace, owner);
    }
    if (!this.wrapped) {
      const copy = this.copy;
      const limits = this.limits;
      // Limits hold for the command and everything it starts; its text and folder come in the environment.
      const launcher = [
        // RLIMIT_DATA rather than RLIMIT_AS: runtimes reserve far more address space than they use (V8 cannot start under a small AS).
        // CPU: SIGXCPU at the soft limit (reported as such), SIGKILL a second later for a process that ignores it.
        // A command never runs without its limits.
        `ulimit -d ${Math.floor(limits.memoryBytes / 1024)} -u ${limits.processes} -f ${Math.floor(limits.diskBytes / 1024)} && ` +
          `ulimit -S -t ${limits.cpuSeconds} && ulimit -H -t ${limits.cpuSeconds + 1} || { echo 'The sandbox could not apply its limits.' >&2; exit 125; }`,
        'webedt_command=$WEBEDT_COMMAND; webedt_cwd=$WEBEDT_CWD; export TMPDIR=$WEBEDT_TMPDIR; unset WEBEDT_COMMAND WEBEDT_CWD WEBEDT_TMPDIR',
        'cd "$webedt_cwd" && exec /bin/bash -c "$webedt_command"',
      ].join('\n');
      const operatorDomains = env().SANDBOX_ALLOWED_DOMAINS;
      const wanted = this.options.allowedDomains;
      const allowedDomains = wanted ? operatorDomains.filter((domain) => wanted.includes(domain)) : operatorDomains;
      const { argv } = await SandboxManager.wrapWithSandboxArgv(
        launcher,
        '/bin/bash',
        sandboxConfig(runtime, [copy.repoDir, copy.tmpDir, copy.homeDir]),
        undefined,
        copy.repoDir,
        { commandId: this.commandId },
      );
      if (allowedDomains.length) SandboxManager.registerCommandNetworkLists(this.commandId, { allowedDomains });
      this.wrapped = argv;
    }
    return { copy: this.copy, argv: this.wrapped };
  }

  /** Runs one command; commands of a session run one after another. */
  run(command: string, options: RunOptions = {}): Promise<CommandResult> {
    const next = this.queue.then(() => this.runNow(command, options));
    this.queue = next.catch(() => {});
    return next;
  }

  private async runNow(command: string, options: RunOptions): Promise<CommandResult> {
    if (this.closed) throw new SandboxUnavailableError('The turn has ended; its sandbox is gone.');
    const runtime = await sandboxRuntime();
    if (!runtime) {
      const status = await sandboxStatus();
      throw new SandboxUnavailableError(`Commands cannot run here: ${status.available ? 'unknown reason' : status.reason}.`);
    }
    const cwd = options.cwd ?? '';
    const limits = { ...this.limits, timeoutMs: options.timeoutMs ?? this.limits.timeoutMs };
    return concurrency().schedule(async () => {
      const { copy, argv } = await this.prepare(runtime);
      await copy.writeWorkspace();
      const result = await this.spawnCommand(runtime, copy, argv, command, cwd, limits, options);
      const changes = result.cancelled ? NO_FILE_CHANGES : await copy.collectChanges();
      return { ...result, changes, isTest: isTestCommand(command, this.options.testCommand) };
    });
  }

  private spawnCommand(
    runtime: SandboxRuntime,
    copy: WorkingCopy,
    argv: string[],
    command: string,
    cwd: string,
    limits: SandboxLimits,
    options: RunOptions,
  ): Promise<Omit<CommandResult, 'changes' | 'isTest'>> {
    return new Promise((resolve) => {
      const started = performance.now();
      const kept = new KeptOutput(limits.outputBytes);
      let limit: LimitName | null = null;
      let cancelled = false;
      let pending = '';
      let flushTimer: ReturnType<typeof setTimeout> | undefined;
      let settled = false;

      const child: ChildProcess = spawn(argv[0]!, argv.slice(1), {
        cwd: copy.repoDir,
        // Nothing of the app's environment: no database URL, tokens or keys.
        env: sandboxEnvironment({
          PATH: SANDBOX_PATH,
          HOME: copy.homeDir,
          WEBEDT_TMPDIR: copy.tmpDir,
          LANG: 'C.UTF-8',
          TERM: 'dumb',
          CI: 'true',
          WEBEDT_COMMAND: command,
          WEBEDT_CWD: path.join(copy.repoDir, cwd),
        }),
        uid: runtime.uid,
        gid: runtime.gid,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      });

      /** The whole process tree: bwrap's group here, and with it the sandbox's PID namespace. */
      const killTree = () => {
        try {
          if (child.pid) process.kill(-child.pid, 'SIGKILL');
        } catch {
          // Already gone.
        }
      };
      const stop = (reason: LimitName | 'cancelled') => {
        if (settled) return;
        if (reason === 'cancelled') cancelled = true;
        else limit ??= reason;
        killTree();
        setTimeout(finish, CLOSE_GRACE_MS).unref();
      };

      const flush = () => {
        clearTimeout(flushTimer);
        flushTimer = undefined;
        if (pending) options.onOutput?.(pending);
        pending = '';
      };
      const onData = (decoder: StringDecoder, isStderr: boolean) => (chunk: Buffer) => {
        const text = decoder.write(chunk);
        kept.append(text, chunk.length);
        if (options.onOutput && pending.length < limits.outputBytes) {
          pending += text.slice(0, limits.outputBytes - pending.length);
          flushTimer ??= setTimeout(flush, OUTPUT_FLUSH_MS);
        }
        if (isStderr && FORK_FAILED.test(text)) stop('processes');
        if (kept.bytes > limits.outputStopBytes) stop('output');
      };
      child.stdout!.on('data', onData(new StringDecoder('utf8'), false));
      child.stderr!.on('data', onData(new StringDecoder('utf8'), true));

      const timer = setTimeout(() => stop('time'), limits.timeoutMs);
      let checkingDisk = false;
      const diskWatch = setInterval(() => {
        if (checkingDisk) return;
        checkingDisk = true;
        copy
          .sizeOnDisk()
          .then((size) => size > limits.diskBytes && stop('disk'))
          .finally(() => (checkingDisk = false));
      }, DISK_CHECK_MS);
      const onAbort = () => stop('cancelled');

      let exitCode: number | null = null;
      let exitSignal: NodeJS.Signals | null = null;
      child.on('exit', (code, signal) => {
        exitCode = code;
        exitSignal = signal;
      });
      const finish = () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        clearInterval(diskWatch);
        options.signal?.removeEventListener('abort', onAbort);
        // Whatever the command left running in the background goes with it.
        killTree();
        flush();
        const output = kept.toString();
        if (!limit && !cancelled) {
          if (exitCode === SIGXCPU_EXIT || exitSignal === 'SIGXCPU') limit = 'cpu';
          else if (exitCode === SIGXFSZ_EXIT || exitSignal === 'SIGXFSZ') limit = 'disk';
          else if (exitCode !== 0 && OUT_OF_MEMORY.test(output.slice(-4096))) limit = 'memory';
        }
        // Limits the kernel enforced end the process itself (it has an exit code); the others are ours.
        const stopped = cancelled || (limit !== null && limit !== 'memory' && limit !== 'cpu' && exitCode === null);
        resolve({
          command,
          cwd,
          exitCode: stopped ? null : exitCode,
          durationMs: Math.round(performance.now() - started),
          limit,
          limitMessage: limit ? describeLimit(limit, limits) : null,
          cancelled,
          output,
          outputBytes: kept.bytes,
        });
      };
      child.on('close', finish);
      // Registered last: a turn stopped before the command started stops it at once.
      if (options.signal?.aborted) onAbort();
      else options.signal?.addEventListener('abort', onAbort, { once: true });
      child.on('error', (error) => {
        kept.append(`Could not start the sandbox: ${error.message}\n`, 0);
        finish();
      });
    });
  }

  /** Stops using the sandbox and removes the working copy (the turn has ended). */
  async close(): Promise<void> {
    this.closed = true;
    await this.queue;
    SandboxManager.unregisterCommandNetworkLists(this.commandId);
    await this.copy?.remove();
    this.copy = null;
  }
}
