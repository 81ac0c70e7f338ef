import { env } from '@/lib/env';
import type { LimitName } from './summary';

/**
 * What one sandboxed command may use. Wall time and output are enforced by the runner, CPU, memory,
 * processes and file size by rlimits inside the sandbox, disk by watching the working copy's size.
 */
export interface SandboxLimits {
  timeoutMs: number;
  cpuSeconds: number;
  memoryBytes: number;
  processes: number;
  /** Output kept per command (stdout and stderr together); the rest is cut with a note. */
  outputBytes: number;
  /** Output after which the command is stopped: a command printing without end is not waited out. */
  outputStopBytes: number;
  /** Size of the working copy and the command's temp dir together. */
  diskBytes: number;
}

/** The longest wall time a command may ask for (`timeout_s`). */
export const MAX_TIMEOUT_MS = 600_000;

const MIB = 1024 * 1024;

export function defaultLimits(): SandboxLimits {
  const settings = env();
  const outputBytes = settings.SANDBOX_OUTPUT_KB * 1024;
  return {
    timeoutMs: settings.SANDBOX_TIMEOUT_SECONDS * 1000,
    cpuSeconds: settings.SANDBOX_CPU_SECONDS,
    memoryBytes: settings.SANDBOX_MEMORY_MB * MIB,
    processes: settings.SANDBOX_MAX_PROCESSES,
    outputBytes,
    outputStopBytes: Math.max(outputBytes * 32, 32 * MIB),
    diskBytes: settings.SANDBOX_DISK_MB * MIB,
  };
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * MIB) return `${+(bytes / 1024 / MIB).toFixed(1)} GiB`;
  if (bytes >= MIB) return `${+(bytes / MIB).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} bytes`;
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

/** The limit in words, as the model and the person read it: "stopped: time limit (120 s) reached". */
export function describeLimit(limit: LimitName, limits: SandboxLimits): string {
  switch (limit) {
    case 'time':
      return `stopped: time limit (${formatSeconds(limits.timeoutMs)}) reached`;
    case 'cpu':
      return `stopped: CPU time limit (${limits.cpuSeconds} s per process) reached`;
    case 'memory':
      return `ran out of memory: memory limit (${formatBytes(limits.memoryBytes)} per process) reached`;
    case 'processes':
      return `stopped: process limit (${limits.processes} processes) reached`;
    case 'output':
      return `stopped: output limit (${formatBytes(limits.outputStopBytes)} printed) reached`;
    case 'disk':
      return `stopped: disk limit (${formatBytes(limits.diskBytes)} for the working copy) reached`;
  }
}
