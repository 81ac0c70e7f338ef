import 'server-only';
import { sandboxStatus } from './runtime';

/** The one line pages show when the assistant cannot run commands ("…: bubblewrap is not installed"), or null. */
export async function commandsUnavailable(): Promise<string | null> {
  const status = await sandboxStatus();
  return status.available ? null : `The assistant cannot run commands here: ${status.reason}.`;
}
