import { expect, type Locator, type Page } from '@playwright/test';

/** The command palette, driven from the keyboard as a person does. */
export class CommandPaletteFlow {
  constructor(readonly page: Page) {}

  get dialog(): Locator {
    return this.page.getByRole('dialog', { name: 'Command palette' });
  }

  get input(): Locator {
    return this.dialog.getByRole('combobox');
  }

  /** The highlighted entry (what Enter runs). */
  get selected(): Locator {
    return this.dialog.locator('[cmdk-item][data-selected="true"]');
  }

  async open(shortcut: 'Control+K' | 'Control+Shift+P' | 'Control+P' = 'Control+K'): Promise<void> {
    await this.page.keyboard.press(shortcut);
    await expect(this.dialog).toBeVisible();
    await expect(this.input).toBeFocused();
  }

  /** Types into the palette, checks what is highlighted, and runs it with Enter. */
  async choose(typed: string, expected: string | RegExp): Promise<void> {
    await this.page.keyboard.type(typed);
    await expect(this.selected).toHaveText(expected);
    await this.page.keyboard.press('Enter');
  }
}
