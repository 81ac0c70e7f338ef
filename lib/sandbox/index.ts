/** Running commands of agents and Live Chat in an OS sandbox: see session.ts. */
export { describeLimit, formatBytes, MAX_TIMEOUT_MS, type SandboxLimits } from './limits';
export { outputTail } from './output';
export { type SandboxStatus, sandboxStatus } from './runtime';
export { type CommandResult, commandSummary, type RunOptions, SandboxSession, SandboxUnavailableError, type SessionOptions } from './session';
export type { CommandSummary, FileChanges, LimitName } from './summary';
