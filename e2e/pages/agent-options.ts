import { expect, type Locator, type Page } from '@playwright/test';

/** The new-agent form's options: start from a GitHub issue, plan first. */
export class NewAgentOptions {
  constructor(readonly page: Page) {}

  get form(): Locator {
    return this.page.getByRole('form', { name: 'New agent' });
  }

  async open(repo = 'alice/sample-game'): Promise<void> {
    await this.page.goto('/agents');
    await this.page.getByRole('link', { name: 'New agent' }).click();
    await this.form.getByRole('combobox', { name: 'Repository' }).selectOption(repo);
    await expect(this.form.getByRole('combobox', { name: 'Base branch' })).toHaveValue('main');
  }

  /** Finds the issue with the search box and picks it. */
  async pickIssue(search: string, title: string): Promise<void> {
    await this.form.getByRole('searchbox', { name: 'Search issues' }).fill(search);
    await this.form.getByRole('radiogroup', { name: 'Issues' }).getByRole('radio', { name: new RegExp(title) }).check();
  }

  async submit(): Promise<string> {
    await this.form.getByRole('button', { name: 'Start agent' }).click();
    await expect(this.page).toHaveURL(/\/agents\/[0-9a-f-]{36}$/);
    return this.page.url().split('/').pop()!;
  }
}

/** A plan-first agent's plan on its page: Approve / Edit plan / Cancel, then the approved plan. */
export class PlanPanel {
  constructor(readonly page: Page) {}

  get proposed(): Locator {
    return this.page.getByRole('region', { name: 'Proposed plan' });
  }

  async edit(addition: string): Promise<void> {
    await this.proposed.getByRole('button', { name: 'Edit plan' }).click();
    const editor = this.proposed.getByRole('textbox', { name: 'Plan' });
    await editor.fill(`${await editor.inputValue()}\n${addition}`);
  }

  async approveEdited(): Promise<void> {
    await this.proposed.getByRole('button', { name: 'Approve edited plan' }).click();
  }
}
