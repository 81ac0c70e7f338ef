import { expect, type Locator, type Page } from '@playwright/test';

/** The workspace's Agents side panel: the agents of the branch, their live logs, and (for writers) their controls. */
export class AgentsPanel {
  constructor(readonly page: Page) {}

  get panel(): Locator {
    return this.page.getByRole('complementary', { name: 'Agents' });
  }

  async open(): Promise<void> {
    const toggle = this.page.getByRole('button', { name: /^Agents( \(\d+\))?$/ });
    await toggle.click();
    await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  }

  /** The start form's task field (writers only). */
  get task(): Locator {
    return this.panel.getByRole('textbox', { name: 'Start an agent on this branch' });
  }

  async start(task: string): Promise<void> {
    await this.task.fill(task);
    await this.panel.getByRole('button', { name: 'Start agent' }).click();
  }

  /** The card of the agent whose task starts with `title`. */
  agent(title: string): Locator {
    return this.panel.getByRole('listitem', { name: `Agent: ${title}` });
  }

  status(title: string): Locator {
    return this.agent(title).getByTestId('agent-status');
  }

  log(title: string): Locator {
    return this.agent(title).getByRole('list', { name: 'Live log' });
  }

  async followUp(title: string, message: string): Promise<void> {
    await this.agent(title).getByRole('textbox', { name: 'Follow-up message' }).fill(message);
    await this.agent(title).getByRole('button', { name: 'Send' }).click();
  }

  stopButton(title: string): Locator {
    return this.agent(title).getByRole('button', { name: 'Stop agent' });
  }
}

/** What the code editor shows about an agent's or Live Chat's change to the open file before it is committed. */
export function pendingChange(page: Page): Locator {
  return page.getByRole('region', { name: 'Pending change' });
}
