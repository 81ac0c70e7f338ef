import { expect, type Locator, type Page } from '@playwright/test';
import { workspaceUrl } from './workspace';

/** `/github/:owner/:repo/:branch/sounds`: the list of sounds, recording, the effect generator and the waveform editor. */
export class SoundsPage {
  constructor(readonly page: Page) {}

  async open(owner: string, repo: string, branch: string): Promise<void> {
    await this.page.goto(workspaceUrl(owner, repo, branch, 'sounds'));
    await expect(this.list).toBeVisible();
    // Offered once the page is interactive.
    await expect(this.page.getByRole('button', { name: 'Record' })).toBeVisible();
  }

  get list(): Locator {
    return this.page.getByRole('list', { name: 'Sounds' });
  }

  get status(): Locator {
    return this.page.getByRole('status', { name: 'Sounds status' });
  }

  get editor(): Locator {
    return this.page.getByRole('region', { name: /^Sound editor/ });
  }

  /** The line under the waveform: time, rate, channels, samples. */
  get info(): Locator {
    return this.page.getByTestId('sound-info');
  }

  tool(name: string): Locator {
    return this.page.getByRole('toolbar', { name: 'Sound tools' }).getByRole('button', { name, exact: true });
  }

  /** Opens a sound from the list and waits until its waveform is drawn. */
  async openSound(path: string): Promise<void> {
    await this.list.getByRole('button', { name: path.slice(path.lastIndexOf('/') + 1) }).click();
    await this.waitForWaveform(path);
  }

  async waitForWaveform(title: string): Promise<void> {
    await expect(this.page.getByRole('img', { name: `Waveform of ${title}` })).toHaveAttribute('aria-busy', 'false');
  }

  /** Drags across the waveform between two fractions of its width, as a person selects a region. */
  async dragSelect(title: string, from: number, to: number): Promise<void> {
    const box = (await this.page.getByRole('img', { name: `Waveform of ${title}` }).boundingBox())!;
    const y = box.y + box.height / 2;
    await this.page.mouse.move(box.x + box.width * from, y);
    await this.page.mouse.down();
    await this.page.mouse.move(box.x + box.width * to, y, { steps: 8 });
    await this.page.mouse.up();
  }

  /** The selection as the Start and End fields show it, in seconds. */
  async selection(): Promise<[number, number]> {
    const value = async (part: string) => Number(await this.page.getByRole('spinbutton', { name: `Selection ${part} (seconds)` }).inputValue());
    return [await value('start'), await value('end')];
  }

  async select(start: number, end: number): Promise<void> {
    await this.page.getByRole('spinbutton', { name: 'Selection start (seconds)' }).fill(String(start));
    await this.page.getByRole('spinbutton', { name: 'Selection end (seconds)' }).fill(String(end));
  }

  /** The commit dialog: a message, then Commit; waits for the result in the status line. */
  async commit(message: string): Promise<void> {
    await this.editor.getByRole('button', { name: 'Commit…' }).click();
    const dialog = this.page.getByRole('dialog', { name: /^Commit to/ });
    await dialog.getByRole('textbox', { name: 'Commit message' }).fill(message);
    await dialog.getByRole('button', { name: 'Commit', exact: true }).click();
    await expect(dialog).toBeHidden();
    await expect(this.status).toContainText(/Committed [0-9a-f]{7}/);
  }
}
