import { expect, type Locator, type Page } from '@playwright/test';
import { workspaceUrl } from './workspace';

/** `/github/:owner/:repo/:branch/chat`: the conversation, its steps and commits, and the composer. */
export class LiveChatPage {
  constructor(readonly page: Page) {}

  async open(owner: string, repo: string, branch: string): Promise<void> {
    await this.page.goto(workspaceUrl(owner, repo, branch, 'chat'));
    await expect(this.page.getByRole('region', { name: 'Live Chat' })).toBeVisible();
  }

  get messages(): Locator {
    return this.page.getByRole('list', { name: 'Messages' });
  }

  get emptyState(): Locator {
    return this.page.getByRole('heading', { name: 'No messages yet' });
  }

  get input(): Locator {
    return this.page.getByRole('textbox', { name: 'Message' });
  }

  /** Types the message and sends it with Enter, as people do. */
  async send(text: string): Promise<void> {
    await this.input.fill(text);
    await this.input.press('Enter');
  }

  yourMessages(): Locator {
    return this.messages.getByRole('listitem', { name: 'You' });
  }

  answers(): Locator {
    return this.messages.getByRole('listitem', { name: 'Assistant' });
  }

  toolStep(answer: Locator, name: string): Locator {
    return answer.getByRole('group', { name: `Tool step ${name}` });
  }

  commits(scope: Locator = this.messages): Locator {
    return scope.getByRole('region', { name: /^Commit [0-9a-f]{7}$/ });
  }

  get stopButton(): Locator {
    return this.page.getByRole('button', { name: 'Stop' });
  }

  get sendButton(): Locator {
    return this.page.getByRole('button', { name: 'Send' });
  }

  async clearHistory(): Promise<void> {
    await this.page.getByRole('button', { name: 'Clear history' }).click();
    await this.page.getByRole('alertdialog', { name: 'Clear history?' }).getByRole('button', { name: 'Clear' }).click();
    await expect(this.emptyState).toBeVisible();
  }

  async attach(path: string, lines?: { from: number; to: number }): Promise<void> {
    await this.page.getByRole('button', { name: 'Attach file' }).click();
    const form = this.page.getByRole('group', { name: 'Attach a file of the branch' });
    await form.getByRole('combobox', { name: 'File path' }).fill(path);
    if (lines) {
      await form.getByRole('spinbutton', { name: 'From line' }).fill(String(lines.from));
      await form.getByRole('spinbutton', { name: 'To line' }).fill(String(lines.to));
    }
    await form.getByRole('button', { name: 'Attach' }).click();
  }

  /** Pastes a PNG into the message box the way the clipboard does. */
  async pasteImage(base64Png: string): Promise<void> {
    await this.input.evaluate((textarea, data) => {
      const bytes = Uint8Array.from(atob(data), (char) => char.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([bytes], 'screenshot.png', { type: 'image/png' }));
      textarea.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));
    }, base64Png);
  }
}
