import { expect, type FrameLocator, type Locator, type Page } from '@playwright/test';
import { workspaceUrl } from './workspace';

/** `/github/:owner/:repo/:branch`: the branch's index.html in a sandboxed frame on the preview origin. */
export class PreviewPage {
  constructor(readonly page: Page) {}

  async open(owner: string, repo: string, branch: string): Promise<void> {
    await this.page.goto(workspaceUrl(owner, repo, branch, 'preview'));
    await expect(this.iframe).toBeVisible();
  }

  get iframe(): Locator {
    return this.page.locator('iframe[title^="Preview of"]');
  }

  /** The previewed document. */
  get frame(): FrameLocator {
    return this.page.frameLocator('iframe[title^="Preview of"]');
  }

  get status(): Locator {
    return this.page.getByRole('region', { name: 'Preview' }).getByRole('status');
  }

  async frameUrl(): Promise<URL> {
    return new URL((await this.iframe.getAttribute('src'))!);
  }
}
