import { expect, type Locator, type Page } from '@playwright/test';

/** `/agents`: the list with its filters and trash, and the new-agent form. */
export class AgentsPage {
  constructor(readonly page: Page) {}

  get list(): Locator {
    return this.page.getByRole('list', { name: 'Agents' });
  }

  row(task: string): Locator {
    return this.list.getByRole('listitem').filter({ hasText: task });
  }

  async start(task: string, repo = 'alice/sample-game'): Promise<string> {
    await this.page.goto('/agents');
    await this.page.getByRole('link', { name: 'New agent' }).click();
    const form = this.page.getByRole('form', { name: 'New agent' });
    await form.getByRole('textbox', { name: 'Task' }).fill(task);
    await form.getByRole('combobox', { name: 'Repository' }).selectOption(repo);
    await expect(form.getByRole('combobox', { name: 'Base branch' })).toHaveValue('main');
    await form.getByRole('button', { name: 'Start agent' }).click();
    await expect(this.page).toHaveURL(/\/agents\/[0-9a-f-]{36}$/);
    return this.page.url().split('/').pop()!;
  }
}

/** `/agents/:id`: status, conversation, follow-up, cancel, diff and pull request. */
export class AgentDetail {
  constructor(readonly page: Page) {}

  get status(): Locator {
    return this.page.getByTestId('agent-status');
  }

  get steps(): Locator {
    return this.page.getByRole('list', { name: 'Steps' });
  }
}
