import type { Locator } from '@playwright/test';

/** A command the assistant ran (run_command), shown as a terminal block, within `scope`. */
export function commandBlock(scope: Locator, command: string): Locator {
  return scope.getByRole('figure', { name: `Command ${command}` });
}

export function commandOutput(block: Locator): Locator {
  return block.getByRole('log');
}

export function commandOutcome(block: Locator): Locator {
  return block.getByTestId('command-outcome');
}
