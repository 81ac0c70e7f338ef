import { expect, type Locator, type Page } from '@playwright/test';
import { workspaceUrl } from './workspace';

/** `/github/:owner/:repo/:branch/scenes`: scene files and images, the canvas, hierarchy and properties. */
export class ScenesPage {
  constructor(readonly page: Page) {}

  async open(owner: string, repo: string, branch: string): Promise<void> {
    await this.page.goto(workspaceUrl(owner, repo, branch, 'scenes'));
    await expect(this.page.getByRole('list', { name: 'Scene files' })).toBeVisible();
  }

  /** Opens a scene from the list of the branch's scene files. */
  async openScene(path: string): Promise<void> {
    await this.page.getByRole('list', { name: 'Scene files' }).getByRole('button', { name: new RegExp(`^${path.split('/').pop()!.replace(/\./g, '\\.')}`) }).click();
    await expect(this.editor.getByRole('heading', { name: path, exact: true })).toBeVisible();
  }

  /** Waits for the canvas (loaded on demand) and shows the scene at 100%: one screen pixel per scene unit. */
  async actualSize(): Promise<void> {
    await expect(this.canvas.locator('canvas').first()).toBeVisible();
    await this.tool('100%').click();
    await expect(this.page.getByTestId('scene-zoom')).toHaveText('100%');
  }

  get editor(): Locator {
    return this.page.getByRole('region', { name: 'Scene editor' });
  }

  get canvas(): Locator {
    return this.page.getByRole('application', { name: 'Scene canvas' });
  }

  get hierarchy(): Locator {
    return this.page.getByRole('region', { name: 'Hierarchy' });
  }

  get properties(): Locator {
    return this.page.getByRole('region', { name: 'Properties' });
  }

  get status(): Locator {
    return this.editor.getByRole('status');
  }

  /** The hierarchy row of an object, by its name. */
  object(name: string): Locator {
    return this.hierarchy.getByRole('list', { name: 'Objects' }).getByRole('button', { name, exact: true });
  }

  field(label: string): Locator {
    return this.properties.getByRole('textbox', { name: label, exact: true });
  }

  async setField(label: string, value: string): Promise<void> {
    await this.field(label).fill(value);
    await this.field(label).press('Enter');
  }

  tool(name: string): Locator {
    return this.page.getByRole('toolbar', { name: 'Scene tools' }).getByRole('button', { name, exact: true });
  }

  /**
   * Where an object is drawn on the screen: its centre, as Konva (which draws on a canvas, out of
   * reach of the accessibility tree) reports its bounding box.
   */
  async screenCentre(id: string): Promise<{ x: number; y: number }> {
    await expect(this.canvas.locator('canvas').first()).toBeVisible();
    return this.page.evaluate((objectId) => {
      type Rect = { x: number; y: number; width: number; height: number };
      type KonvaNode = { id(): string; getClientRect(): Rect };
      type KonvaStage = { findOne(match: (node: KonvaNode) => boolean): KonvaNode | undefined; container(): HTMLElement };
      const { Konva } = window as unknown as { Konva: { stages: KonvaStage[] } };
      const stage = Konva.stages[0]!;
      const node = stage.findOne((candidate) => candidate.id() === objectId);
      if (!node) throw new Error(`no object ${objectId} on the canvas`);
      const rect = node.getClientRect();
      const box = stage.container().getBoundingClientRect();
      return { x: box.left + rect.x + rect.width / 2, y: box.top + rect.y + rect.height / 2 };
    }, id);
  }

  /** Drags an object by (dx, dy) screen pixels, like a person with the mouse. */
  async drag(id: string, dx: number, dy: number): Promise<void> {
    const from = await this.screenCentre(id);
    await this.page.mouse.move(from.x, from.y);
    await this.page.mouse.down();
    await this.page.mouse.move(from.x + dx, from.y + dy, { steps: 8 });
    await this.page.mouse.up();
  }

  /** Commits everything staged with a message, from the Commit button. */
  async commit(message: string): Promise<void> {
    await this.editor.getByRole('button', { name: /^Commit/ }).click();
    const dialog = this.page.getByRole('dialog', { name: /^Commit to/ });
    await dialog.getByRole('textbox', { name: 'Commit message' }).fill(message);
    await dialog.getByRole('button', { name: 'Commit', exact: true }).click();
    await expect(this.status).toContainText('Committed');
  }
}
