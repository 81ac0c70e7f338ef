import { expect, type Locator, type Page } from '@playwright/test';

/** The layout every page shares: top bar and sidebar navigation. */
export class AppShell {
  readonly sidebar: Locator;
  readonly banner: Locator;

  constructor(readonly page: Page) {
    this.sidebar = page.getByRole('navigation', { name: 'Main' });
    this.banner = page.getByRole('banner');
  }

  navLink(name: 'Agents' | 'Workspace'): Locator {
    return this.sidebar.getByRole('link', { name });
  }

  async expectCurrent(name: 'Agents' | 'Workspace'): Promise<void> {
    await expect(this.navLink(name)).toHaveAttribute('aria-current', 'page');
  }
}
