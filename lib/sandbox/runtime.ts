import { spawnSync } from 'node:child_process';
import { chmod, copyFile, mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { SandboxManager } from '@anthropic-ai/sandbox-runtime';
import { env } from '@/lib/env';

/**
 * The process's sandbox runtime: `@anthropic-ai/sandbox-runtime` (bubblewrap + socat + seccomp on Linux,
 * the library Claude Code uses), initialized once per process with no network but what the operator allows.
 * Everything per turn (which folder may be read and written) is given when a command is wrapped.
 */

export type SandboxStatus = { available: true } | { available: false; reason: string };

export interface SandboxRuntime {
  /** Folder holding `turns/<id>` working copies and the seccomp helper every sandbox can reach. */
  root: string;
  turnsDir: string;
  /** Where the seccomp helper sits for the sandbox (a copy outside the app's folder, which may be unreadable to it). */
  seccompHelper: string;
  /** The user sandboxes run as: the app's own when it is not root, else SANDBOX_UID. */
  uid: number;
  gid: number;
}

/** PATH inside the sandbox: the system's tools and the Node.js running the app. */
export const SANDBOX_PATH = [...new Set([path.dirname(process.execPath), '/usr/local/bin', '/usr/bin', '/bin', '/usr/local/sbin', '/usr/sbin', '/sbin'])].join(':');

/** A scrubbed environment (Next's types insist every environment has NODE_ENV; a sandbox's has not). */
export function sandboxEnvironment(variables: Record<string, string>): NodeJS.ProcessEnv {
  return variables as unknown as NodeJS.ProcessEnv;
}

/** The library's own scratch folder, writable by default in every sandbox: shared between turns, so closed. */
const LIBRARY_SCRATCH = '/tmp/claude';

/**
 * A sandbox's rules beyond the process-wide ones: nothing of the app's data or folder, other turns, homes or
 * password hashes may be read; only the turn's own folders may be written (and read, inside the denied turns).
 */
export function sandboxConfig(runtime: SandboxRuntime, ownFolders: string[]) {
  const appDir = process.cwd();
  const filesystem = {
    denyRead: [
      path.resolve(env().DATA_DIR),
      ...(appDir === '/' ? [] : [appDir]),
      runtime.turnsDir,
      '/root',
      '/home',
      '/etc/shadow',
      '/etc/gshadow',
      LIBRARY_SCRATCH,
    ],
    allowRead: ownFolders,
    allowWrite: ownFolders,
    denyWrite: [LIBRARY_SCRATCH],
  };
  // The library's scan for files to protect looks below the app's folder, where nothing is writable anyway.
  return { filesystem, mandatoryDenySearchDepth: 1 };
}

function sandboxRoot(): string {
  return path.resolve(env().SANDBOX_DIR ?? path.join(os.tmpdir(), 'webedt-sandboxes'));
}

function packagedSeccompHelper(): string {
  // Resolved from the app's folder: inside a Next.js bundle, import.meta.url does not name a file.
  const entry = createRequire(path.join(process.cwd(), 'package.json')).resolve('@anthropic-ai/sandbox-runtime');
  const arch = process.arch === 'arm64' ? 'arm64' : 'x64';
  return path.join(path.dirname(entry), '..', 'vendor', 'seccomp', arch, 'apply-seccomp');
}

/** A wrapped `true` through the whole path: the probe that says sandboxes work on this machine. */
function probe(runtime: SandboxRuntime, argv: string[]): string | null {
  const result = spawnSync(argv[0]!, argv.slice(1), {
    cwd: runtime.root,
    env: sandboxEnvironment({ PATH: SANDBOX_PATH, HOME: runtime.root }),
    uid: runtime.uid,
    gid: runtime.gid,
    encoding: 'utf8',
    timeout: 15_000,
  });
  if (result.status === 0) return null;
  const detail = (result.stderr || result.error?.message || '').trim().split('\n').at(-1) ?? '';
  if (/user namespace|uid map|Operation not permitted|setting up uid/i.test(detail)) {
    return `unprivileged user namespaces are disabled on this machine (bubblewrap: ${detail})`;
  }
  return `a test command failed in the sandbox (${detail || `exit ${result.status ?? result.signal}`})`;
}

async function initialize(): Promise<{ runtime: SandboxRuntime | null; status: SandboxStatus }> {
  const unavailable = (reason: string) => ({ runtime: null, status: { available: false as const, reason } });
  if (env().SANDBOX === 'off') return unavailable('the operator turned it off (SANDBOX=off)');
  if (process.platform !== 'linux') return unavailable(`sandboxes need Linux; this server runs on ${process.platform}`);
  const dependencies = SandboxManager.checkDependencies();
  if (dependencies.errors.length) {
    const names = dependencies.errors.map((error) => error.replace(/ not (found|installed)$/, ''));
    const missing = names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : names[0];
    return unavailable(`${missing} ${names.length > 1 ? 'are' : 'is'} not installed on the server (apt-get install bubblewrap socat ripgrep)`);
  }

  const root = sandboxRoot();
  const isRoot = process.getuid?.() === 0;
  const runtime: SandboxRuntime = {
    root,
    turnsDir: path.join(root, 'turns'),
    seccompHelper: path.join(root, 'bin', 'apply-seccomp'),
    // As root, rlimits on processes do not hold and root-only files stay readable: sandboxes run as another user.
    uid: isRoot ? env().SANDBOX_UID : process.getuid!(),
    gid: isRoot ? env().SANDBOX_UID : process.getgid!(),
  };
  try {
    await mkdir(runtime.turnsDir, { recursive: true, mode: 0o711 });
    await mkdir(path.dirname(runtime.seccompHelper), { recursive: true, mode: 0o755 });
    await chmod(root, 0o711);
    await copyFile(packagedSeccompHelper(), runtime.seccompHelper);
    await chmod(runtime.seccompHelper, 0o755);
  } catch (error) {
    return unavailable(`its folder ${root} could not be prepared (${(error as Error).message})`);
  }

  // No domain for everyone: each turn registers its own list (the operator's, narrowed by the repository's).
  await SandboxManager.initialize({
    network: { allowedDomains: [], deniedDomains: [] },
    filesystem: { denyRead: [], allowWrite: [], denyWrite: [] },
    seccomp: { applyPath: runtime.seccompHelper },
  });
  if (runtime.uid !== process.getuid?.()) {
    // The proxy's sockets are bridged into every sandbox, where the command's user must be able to connect to
    // them (the proxy still asks for its per-process token).
    for (const socket of [SandboxManager.getLinuxHttpSocketPath(), SandboxManager.getLinuxSocksSocketPath()]) {
      if (socket) await chmod(socket, 0o666);
    }
  }
  const { argv } = await SandboxManager.wrapWithSandboxArgv('true', '/bin/bash', sandboxConfig(runtime, []), undefined, root);
  const failure = probe(runtime, argv);
  if (failure) {
    await SandboxManager.reset();
    return unavailable(failure);
  }
  return { runtime, status: { available: true } };
}

/**
 * The library's manager is one per process, while Next.js bundles this module into each route: the state
 * lives on `globalThis`, so every bundle shares one initialization.
 */
const globalForSandbox = globalThis as unknown as { webedtSandbox?: ReturnType<typeof initialize> };

/** Sets the runtime up on first use; later calls share the outcome. */
function runtimeState() {
  globalForSandbox.webedtSandbox ??= initialize().catch((error: unknown) => ({
    runtime: null,
    status: { available: false as const, reason: `it could not start (${(error as Error).message})` },
  }));
  return globalForSandbox.webedtSandbox;
}

/** Whether commands can run here, and if not, why (one clause: "Commands are unavailable: <reason>"). */
export async function sandboxStatus(): Promise<SandboxStatus> {
  return (await runtimeState()).status;
}

/** The runtime, or null when sandboxes are unavailable. */
export async function sandboxRuntime(): Promise<SandboxRuntime | null> {
  return (await runtimeState()).runtime;
}
