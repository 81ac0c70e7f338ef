import { expect, it } from 'vitest';
import { turnCommands } from '@/lib/llm/commands';
import { systemPrompt } from '@/lib/llm/prompt';
import { BranchWorkspace } from '@/lib/llm/workspace';
import { sandboxStatus } from '@/lib/sandbox';
import { commandsUnavailable } from '@/lib/sandbox/status';

/**
 * A machine without bubblewrap, socat and ripgrep (none on this process's PATH): commands are not offered,
 * and the reason is one sentence the pages show.
 */
process.env.PATH = '/nonexistent';

const ref = { owner: 'alice', repo: 'sample', branch: 'main', sha: 'a'.repeat(40) };

it('says which tools are missing and offers no sandbox', async () => {
  const status = await sandboxStatus();
  expect(status).toEqual({
    available: false,
    reason: 'ripgrep (rg), bubblewrap (bwrap) and socat are not installed on the server (apt-get install bubblewrap socat ripgrep)',
  });
  expect(await commandsUnavailable()).toBe(
    'The assistant cannot run commands here: ripgrep (rg), bubblewrap (bwrap) and socat are not installed on the server (apt-get install bubblewrap socat ripgrep).',
  );
  const commands = await turnCommands(new BranchWorkspace(ref, new Map()));
  expect(commands.sandbox).toBeUndefined();
  expect(commands.commands).toEqual({ available: false, reason: status.available ? '' : status.reason });
  expect(systemPrompt({ ...ref, delivery: '', commands: commands.commands })).toContain('You cannot run commands here (ripgrep (rg), bubblewrap (bwrap) and socat');
});
