import { expect, type Locator, type Page } from '@playwright/test';

/** `/workspace`: repository list, branch chooser (existing | new | custom) and recent workspaces. */
export class WorkspacePicker {
  constructor(readonly page: Page) {}

  async open(path = '/workspace'): Promise<void> {
    await this.page.goto(path);
  }

  get repositories(): Locator {
    return this.page.getByRole('list', { name: 'Repositories' });
  }

  async chooseRepository(fullName: string): Promise<void> {
    await this.page.getByRole('searchbox', { name: 'Search repositories' }).fill(fullName.split('/')[1]!);
    await this.repositories.getByRole('link', { name: new RegExp(fullName) }).click();
    await expect(this.page.getByRole('heading', { level: 2, name: fullName })).toBeVisible();
    await expect(this.page.getByText('Loading branches…')).toBeHidden();
  }

  mode(name: 'Existing branch' | 'New branch' | 'Custom name'): Locator {
    return this.page.getByRole('tab', { name });
  }

  /** Creates an auto-named branch and returns its name once the workspace opened. */
  async createAutoBranch(): Promise<string> {
    await this.mode('New branch').click();
    const name = (await this.page.getByTestId('auto-branch-name').textContent())!.trim();
    await this.page.getByRole('button', { name: 'Create branch' }).click();
    return name;
  }

  async fillCustomName(prefix: string, suffix: string): Promise<void> {
    await this.mode('Custom name').click();
    await this.page.getByRole('textbox', { name: 'Prefix' }).fill(prefix);
    await this.page.getByRole('textbox', { name: 'Suffix' }).fill(suffix);
  }

  get recent(): Locator {
    return this.page.getByRole('complementary').filter({ has: this.page.getByRole('heading', { name: 'Recent workspaces' }) });
  }
}

/** `/github/:owner/:repo/:branch/…`: the header with the branch context and the editor tabs. */
export class WorkspaceHeader {
  constructor(readonly page: Page) {}

  get context(): Locator {
    return this.page.getByTestId('branch-context');
  }

  async expectBranch(owner: string, repo: string, branch: string): Promise<void> {
    await expect(this.context).toHaveText(`${owner}/${repo} @ ${branch}`);
  }

  tab(name: 'Code' | 'Images' | 'Sounds' | 'Scenes' | 'Live Chat' | 'Preview'): Locator {
    return this.page.getByRole('navigation', { name: 'Workspace' }).getByRole('link', { name, exact: true });
  }
}

/** The URL path of a workspace page, with the branch as one encoded segment. */
export const workspaceUrl = (owner: string, repo: string, branch: string, page = 'code') =>
  `/github/${owner}/${repo}/${encodeURIComponent(branch)}${page === 'preview' ? '' : `/${page}`}`;
