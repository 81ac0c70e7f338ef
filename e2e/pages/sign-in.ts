import { expect, type Page } from '@playwright/test';

/** Signing in the way a person does: the app's button, then the GitHub (emulator) authorize page. */
export class SignInFlow {
  constructor(readonly page: Page) {}

  async signIn(login: string): Promise<void> {
    await this.page.goto('/signin');
    await this.page.getByRole('button', { name: 'Sign in with GitHub' }).click();
    await expect(this.page).toHaveURL(/\/login\/oauth\/authorize/);
    await this.page.getByRole('button', { name: new RegExp(`\\b${login}\\b`) }).click();
    await expect(this.page).toHaveURL(/\/agents$/);
  }

  async signOut(): Promise<void> {
    await this.page.getByRole('banner').getByRole('button', { name: 'Sign out' }).click();
    await expect(this.page).toHaveURL(/\/signin$/);
  }
}
