import { expect, type Locator, type Page } from '@playwright/test';

/** The collaboration parts of the workspace header: connection state, people on the branch, activity. */
export class CollabBar {
  constructor(readonly page: Page) {}

  get status(): Locator {
    return this.page.getByRole('status', { name: 'Connection' });
  }

  get people(): Locator {
    return this.page.getByRole('list', { name: 'People on this branch' });
  }

  /** The avatar of `name`, labelled with the page they are on ("Bob Brown — Code"). */
  person(name: string, pageLabel: string): Locator {
    return this.people.getByRole('listitem', { name: `${name} — ${pageLabel}` });
  }

  async openActivity(): Promise<void> {
    const toggle = this.page.getByRole('button', { name: 'Activity', exact: true });
    await toggle.click();
    await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  }

  get activity(): Locator {
    return this.page.getByRole('complementary', { name: 'Activity' }).getByRole('list', { name: 'Branch activity' });
  }
}

/** Other people's carets and selections in the code editor, and the notice that the open file changed. */
export class RemoteCursors {
  constructor(readonly page: Page) {}

  /** Line `n` (from 1) of the editor. */
  line(n: number): Locator {
    return this.page.locator('.cm-line').nth(n - 1);
  }

  remoteCaret(name: string): Locator {
    return this.page.locator(`.cm-remote-caret[data-remote-user="${name}"]`);
  }

  remoteSelection(name: string): Locator {
    return this.page.locator(`.cm-remote-selection[data-remote-user="${name}"]`);
  }

  get changedNotice(): Locator {
    return this.page.getByRole('alert').filter({ hasText: 'this file changed since you opened it' });
  }
}
