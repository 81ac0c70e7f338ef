import { expect, type Locator, type Page } from '@playwright/test';
import { workspaceUrl } from './workspace';

/** `/github/:owner/:repo/:branch/images`: the gallery, images waiting to be added, and the canvas editor. */
export class ImagesPage {
  constructor(readonly page: Page) {}

  async open(owner: string, repo: string, branch: string): Promise<void> {
    await this.page.goto(workspaceUrl(owner, repo, branch, 'images'));
    await expect(this.gallery).toBeVisible();
    // Offered once the page is interactive (so a paste reaches its handler).
    await expect(this.page.getByText('or paste one (Ctrl+V)')).toBeVisible();
  }

  get gallery(): Locator {
    return this.page.getByRole('list', { name: 'Images' });
  }

  get status(): Locator {
    return this.page.getByRole('status', { name: 'Images status' });
  }

  /** Finds an image by search and opens it in the editor. */
  async openImage(path: string): Promise<void> {
    await this.page.getByRole('searchbox', { name: 'Search images' }).fill(path);
    await this.gallery.getByRole('button', { name: path.slice(path.lastIndexOf('/') + 1) }).click();
    await expect(this.canvas(path)).toBeVisible();
  }

  canvas(path: string): Locator {
    return this.page.getByRole('img', { name: new RegExp(`^Canvas of ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) });
  }

  get editor(): Locator {
    return this.page.getByRole('region', { name: /^Image editor/ });
  }

  tool(name: string): Locator {
    return this.page.getByRole('toolbar', { name: 'Image tools' }).getByRole('button', { name, exact: true });
  }

  /** Clicks the centre of pixel (x, y) of the canvas. */
  async clickPixel(path: string, x: number, y: number, size: { width: number; height: number }): Promise<void> {
    const canvas = this.canvas(path);
    const box = (await canvas.boundingBox())!;
    await canvas.click({ position: { x: ((x + 0.5) * box.width) / size.width, y: ((y + 0.5) * box.height) / size.height } });
  }

  /** Sends an image file to the page as a clipboard paste. */
  async paste(bytes: Buffer, type = 'image/png'): Promise<void> {
    await this.page.evaluate(
      ({ data, type }) => {
        const transfer = new DataTransfer();
        transfer.items.add(new File([new Uint8Array(data)], 'image.png', { type }));
        document.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));
      },
      { data: [...bytes], type },
    );
  }

  /** Drops an image file on the gallery, as dragging it from the desktop does. */
  async drop(bytes: Buffer, name: string): Promise<void> {
    const transfer = await this.page.evaluateHandle(
      ({ data, name }) => {
        const transfer = new DataTransfer();
        transfer.items.add(new File([new Uint8Array(data)], name, { type: 'image/png' }));
        return transfer;
      },
      { data: [...bytes], name },
    );
    const gallery = this.page.getByRole('region', { name: 'Image gallery' });
    await gallery.dispatchEvent('dragover', { dataTransfer: transfer });
    await gallery.dispatchEvent('drop', { dataTransfer: transfer });
  }

  /** Chooses a file with the Upload images button. */
  async upload(bytes: Buffer, name: string): Promise<void> {
    await this.page.getByLabel('Upload images').setInputFiles({ name, mimeType: 'image/png', buffer: bytes });
  }

  /** The commit dialog: a message, then Commit; waits for the result in the status line. */
  async commit(trigger: Locator, message: string): Promise<void> {
    await trigger.click();
    const dialog = this.page.getByRole('dialog', { name: /^Commit to/ });
    await dialog.getByRole('textbox', { name: 'Commit message' }).fill(message);
    await dialog.getByRole('button', { name: 'Commit', exact: true }).click();
    await expect(dialog).toBeHidden();
    await expect(this.status).toContainText(/Committed [0-9a-f]{7}/);
  }
}
