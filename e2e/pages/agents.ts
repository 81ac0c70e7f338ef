import { expect, type Locator, type Page } from '@playwright/test';

/** `/agents`: the list with its filters and trash, and the new-agent form. */
export class AgentsPage {
  constructor(readonly page: Page) {}

  /** Both lists: "Needs you" (waiting, failed, finished and not seen yet) and the rest. */
  get list(): Locator {
    return this.page.getByRole('list', { name: /^Agents( that need you)?$/ });
  }

  get needsYou(): Locator {
    return this.page.getByRole('list', { name: 'Agents that need you' });
  }

  row(task: string): Locator {
    return this.list.getByRole('listitem').filter({ hasText: task });
  }

  /** Opens the new-agent form from the list and fills in the task and repository (base branch: main). */
  private async fillNewAgent(task: string, repo: string): Promise<Locator> {
    await this.page.goto('/agents');
    await this.page.getByRole('link', { name: 'New agent' }).click();
    const form = this.page.getByRole('form', { name: 'New agent' });
    await form.getByRole('textbox', { name: 'Task' }).fill(task);
    await form.getByRole('combobox', { name: 'Repository' }).selectOption(repo);
    await expect(form.getByRole('combobox', { name: 'Base branch' })).toHaveValue('main');
    return form;
  }

  async start(task: string, repo = 'alice/sample-game'): Promise<string> {
    const form = await this.fillNewAgent(task, repo);
    await form.getByRole('button', { name: 'Start agent' }).click();
    await expect(this.page).toHaveURL(/\/agents\/[0-9a-f-]{36}$/);
    return this.page.url().split('/').pop()!;
  }

  /** Starts several attempts of the task from the form; returns the attempt group's id. */
  async startAttempts(task: string, attempts: number, repo = 'alice/sample-game'): Promise<string> {
    const form = await this.fillNewAgent(task, repo);
    await form.getByRole('combobox', { name: 'Attempts' }).selectOption(String(attempts));
    await form.getByRole('button', { name: `Start ${attempts} attempts` }).click();
    await expect(this.page).toHaveURL(/\/agents\/attempts\/[0-9a-f-]{36}$/);
    return this.page.url().split('/').pop()!;
  }
}

/** `/agents/attempts/:group`: the attempts of one task side by side. */
export class AttemptsComparison {
  constructor(readonly page: Page) {}

  get columns(): Locator {
    return this.page.getByRole('list', { name: 'Attempts' }).getByRole('listitem', { name: /^Attempt \d$/ });
  }

  column(index: number): Locator {
    return this.page.getByRole('listitem', { name: `Attempt ${index}` });
  }
}

/** The Agents item of the main navigation and its count of agents that need the user. */
export class AgentsNav {
  constructor(readonly page: Page) {}

  get link(): Locator {
    return this.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Agents', exact: true });
  }

  get badge(): Locator {
    return this.page.getByRole('navigation', { name: 'Main' }).getByTestId('agents-badge');
  }

  /** The count shown, 0 without a badge. */
  async count(): Promise<number> {
    if ((await this.badge.count()) === 0) return 0;
    return Number.parseInt((await this.badge.textContent()) ?? '0', 10);
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
