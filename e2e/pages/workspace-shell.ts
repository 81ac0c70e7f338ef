import { expect, type Locator, type Page } from '@playwright/test';

/** The IDE shell around workspace pages: collapsible navigation, resizable panes, status bar, phone-width pane switcher. */
export class WorkspaceShell {
  constructor(readonly page: Page) {}

  get sidebar(): Locator {
    return this.page.getByRole('complementary', { name: 'Sidebar', exact: true });
  }

  navToggle(name: 'Collapse navigation' | 'Expand navigation'): Locator {
    return this.sidebar.getByRole('button', { name });
  }

  /** The handle between two panes ("Resize the file tree", "Resize the activity panel"). */
  handle(name: string): Locator {
    return this.page.getByRole('separator', { name });
  }

  /** Drags a handle sideways by `dx` pixels, as with a mouse. */
  async drag(handle: Locator, dx: number): Promise<void> {
    const box = (await handle.boundingBox())!;
    const x = box.x + box.width / 2;
    const y = box.y + box.height / 2;
    await this.page.mouse.move(x, y);
    await this.page.mouse.down();
    await this.page.mouse.move(x + dx / 2, y, { steps: 5 });
    await this.page.mouse.move(x + dx, y, { steps: 5 });
    await this.page.mouse.up();
  }

  async widthOf(locator: Locator): Promise<number> {
    await expect(locator).toBeVisible();
    return Math.round((await locator.boundingBox())!.width);
  }

  get statusBar(): Locator {
    return this.page.getByRole('region', { name: 'Status bar' });
  }

  get panes(): Locator {
    return this.page.getByRole('tablist', { name: 'Panes' });
  }

  pane(name: 'Files' | 'Editor' | 'Activity'): Locator {
    return this.panes.getByRole('tab', { name });
  }
}
