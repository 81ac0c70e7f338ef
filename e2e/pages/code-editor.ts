import { expect, type Locator, type Page } from '@playwright/test';
import { workspaceUrl } from './workspace';

/** `/github/:owner/:repo/:branch/code`: file tree, tabs, editor, staged changes and the commit dialog. */
export class CodeEditorPage {
  constructor(readonly page: Page) {}

  async open(owner: string, repo: string, branch: string): Promise<void> {
    await this.page.goto(workspaceUrl(owner, repo, branch, 'code'));
    await expect(this.tree).toBeVisible();
  }

  get tree(): Locator {
    return this.page.getByRole('tree', { name: 'Files' });
  }

  get sidebar(): Locator {
    return this.page.getByRole('complementary', { name: 'Code sidebar' });
  }

  sidebarTab(name: 'Files' | 'Changes' | RegExp): Locator {
    return this.sidebar.getByRole('tab', { name: name === 'Changes' ? /^Changes( \(\d+\))?$/ : name });
  }

  get search(): Locator {
    return this.page.getByRole('searchbox', { name: 'Search files' });
  }

  editor(path: string): Locator {
    return this.page.getByRole('textbox', { name: `Contents of ${path}` });
  }

  tab(name: string): Locator {
    return this.page.getByRole('tablist', { name: 'Open files' }).getByRole('tab', { name });
  }

  get status(): Locator {
    return this.page.getByRole('region', { name: 'Editor' }).getByRole('status');
  }

  get stagedList(): Locator {
    return this.page.getByRole('list', { name: 'Staged changes' });
  }

  /** Finds a file by name search and opens it (which also selects it in the tree). */
  async openFile(path: string): Promise<void> {
    await this.sidebarTab('Files').click();
    await this.search.fill(path);
    await this.page.getByRole('listbox', { name: 'Matching files' }).getByRole('option', { name: new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(,|$)`) }).click();
    await this.search.fill('');
  }

  /** Types at the end of the file on a new line. */
  async appendLine(path: string, text: string): Promise<void> {
    const editor = this.editor(path);
    await editor.click();
    await this.page.keyboard.press('Control+End');
    await this.page.keyboard.press('Enter');
    await this.page.keyboard.type(text);
  }

  async createFile(path: string, content: string): Promise<void> {
    await this.sidebarTab('Files').click();
    await this.page.getByRole('button', { name: 'New file' }).click();
    await this.page.getByRole('textbox', { name: 'New file path' }).fill(path);
    await this.page.getByRole('button', { name: 'Create file' }).click();
    await this.editor(path).click();
    await this.page.keyboard.type(content);
  }

  async deleteFile(path: string): Promise<void> {
    await this.openFile(path);
    await this.page.getByRole('toolbar', { name: 'File actions' }).getByRole('button', { name: 'Delete' }).click();
    await expect(this.status).toContainText(`Deleted ${path}`);
  }

  /** Shows the Changes panel and waits until what it lists is saved in the browser. */
  async showChanges(): Promise<void> {
    await this.sidebarTab('Changes').click();
    await expect(this.page.getByTestId('staging-status')).toHaveAttribute('data-state', 'saved');
  }

  /** Ctrl+S, a message, Commit. */
  async commit(message: string): Promise<void> {
    await this.page.keyboard.press('Control+s');
    const dialog = this.page.getByRole('dialog', { name: /^Commit to/ });
    await expect(dialog).toBeVisible();
    await dialog.getByRole('textbox', { name: 'Commit message' }).fill(message);
    await dialog.getByRole('button', { name: 'Commit', exact: true }).click();
  }
}
