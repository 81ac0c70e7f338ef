import { expect, test } from '@playwright/test';
import { PNG } from 'pngjs';
import { encodePng } from '../emulators/github/media';
import { ImagesPage } from './pages/images';
import { SignInFlow } from './pages/sign-in';
import { forgeBlob } from './support/forge';
import { commitAs, git, newBranchFromMain } from './support/github';

const owner = 'alice';
const repo = 'sample-game';
/** A PNG from the forge's repository, decoded. */
const pngAt = (rev: string, path: string) => PNG.sync.read(forgeBlob(owner, repo, rev, path));

const pixel = (png: PNG, x: number, y: number) => [...png.data.subarray((y * png.width + x) * 4, (y * png.width + x) * 4 + 4)];

test('fill the sprite’s background and flip it, undo and redo, commit: the PNG on the branch has exactly that picture', async ({ page }) => {
  await new SignInFlow(page).signIn('alice');
  const { branch, base } = await newBranchFromMain(page, owner, repo, 'images/e2e');
  const images = new ImagesPage(page);
  await images.open(owner, repo, branch);
  await expect(images.gallery.getByRole('button')).toHaveCount(5);
  await images.openImage('assets/images/player.png');
  const size = { width: 16, height: 16 };
  await expect(images.canvas('assets/images/player.png')).toHaveAccessibleName('Canvas of assets/images/player.png, 16 × 16 pixels');

  await images.tool('Fill').click();
  await page.getByLabel('Colour', { exact: true }).fill('#00ff00');
  await images.clickPixel('assets/images/player.png', 0, 0, size);
  await images.tool('Flip horizontally').click();
  await expect(images.editor.getByRole('heading')).toContainText('(changed)');
  await page.keyboard.press('Control+z');
  await page.keyboard.press('Control+z');
  await expect(images.editor.getByRole('heading')).not.toContainText('(changed)');
  await page.keyboard.press('Control+Shift+z');
  await page.keyboard.press('Control+Shift+z');
  await expect(images.editor.getByRole('heading')).toContainText('(changed)');

  await images.commit(images.editor.getByRole('button', { name: 'Commit…' }), 'Green backdrop for the player, facing left');
  await expect(images.editor.getByRole('heading')).not.toContainText('(changed)');

  const head = git(owner, repo, 'rev-parse', `refs/heads/${branch}`).trim();
  expect(git(owner, repo, 'rev-parse', `${head}^`).trim()).toBe(base);
  expect(git(owner, repo, 'log', '-1', '--format=%s', head).trim()).toBe('Green backdrop for the player, facing left');
  expect(git(owner, repo, 'diff', '--name-status', base, head).trim()).toBe('M\tassets/images/player.png');
  const before = pngAt(base, 'assets/images/player.png');
  const after = pngAt(head, 'assets/images/player.png');
  expect([after.width, after.height]).toEqual([16, 16]);
  for (let y = 0; y < 16; y++) {
    for (let x = 0; x < 16; x++) {
      const original = pixel(before, 15 - x, y);
      // Every transparent pixel of the sprite touches the border, so the fill reached all of them.
      expect(pixel(after, x, y), `pixel (${x}, ${y})`).toEqual(original[3] === 0 ? [0, 255, 0, 255] : original);
    }
  }
});

test('an animated GIF is edited as a PNG copy next to it; the GIF stays as it was', async ({ page }) => {
  await new SignInFlow(page).signIn('alice');
  const { branch, base } = await newBranchFromMain(page, owner, repo, 'images/e2e');
  const images = new ImagesPage(page);
  await images.open(owner, repo, branch);
  await images.openImage('assets/images/coin.gif');
  await expect(images.editor.getByRole('note')).toContainText('GIF files can be animated');
  await images.tool('Grayscale').click();
  await images.commit(images.editor.getByRole('button', { name: 'Commit as coin.png…' }), 'Gray coin');

  const head = git(owner, repo, 'rev-parse', `refs/heads/${branch}`).trim();
  expect(git(owner, repo, 'diff', '--name-status', base, head).trim()).toBe('A\tassets/images/coin.png');
  const coin = pngAt(head, 'assets/images/coin.png');
  expect([coin.width, coin.height]).toEqual([8, 8]);
  const gold = pixel(coin, 4, 4);
  expect(gold[3]).toBe(255);
  expect(gold[0]).toBe(gold[1]);
  expect(gold[1]).toBe(gold[2]);
  expect(pixel(coin, 0, 0)[3]).toBe(0);
  // Now the editor is on the committed PNG: further commits edit it.
  await expect(images.editor.getByRole('button', { name: 'Commit…' })).toBeVisible();
});

test('add images by paste, drop and upload, into a new folder under names of their own, commit: the files on the branch are those bytes', async ({ page }) => {
  await new SignInFlow(page).signIn('alice');
  const { branch, base } = await newBranchFromMain(page, owner, repo, 'images/e2e');
  const images = new ImagesPage(page);
  await images.open(owner, repo, branch);

  const rgba = Uint8Array.from([255, 0, 0, 255, 0, 0, 255, 128, 0, 0, 0, 0, 10, 20, 30, 255, 40, 50, 60, 255, 70, 80, 90, 255]);
  const pasted = encodePng(3, 2, rgba);
  await images.paste(pasted);
  const pending = page.getByRole('list', { name: 'Images to add' });
  await expect(pending.getByRole('textbox', { name: 'Name of image 1' })).toHaveValue(/^pasted-\d{8}-\d{6}\.png$/);
  await images.paste(Buffer.from('just some text'), 'text/plain');
  await expect(images.status).toContainText('The pasted image is not a PNG, JPEG, GIF, WebP or SVG image.');
  const dropped = encodePng(1, 1, Uint8Array.from([1, 2, 3, 255]));
  await images.drop(dropped, 'tile.png');
  await expect(pending.getByRole('textbox', { name: 'Name of image 2' })).toHaveValue('tile.png');
  // A PNG named .jpg keeps its name but gets the extension of what it is.
  const uploaded = encodePng(2, 1, Uint8Array.from([9, 9, 9, 255, 8, 8, 8, 255]));
  await images.upload(uploaded, 'sprite.jpg');
  await expect(pending.getByRole('textbox', { name: 'Name of image 3' })).toHaveValue('sprite.png');
  await expect(pending.getByRole('listitem')).toHaveCount(3);

  await pending.getByRole('textbox', { name: 'Name of image 1' }).fill('player.png');
  await page.getByRole('combobox', { name: 'Add to folder' }).fill('assets/images');
  await expect(pending).toContainText('assets/images/player.png already exists; choose another name.');
  await expect(page.getByRole('button', { name: 'Commit 3 images…' })).toBeDisabled();
  await page.getByRole('combobox', { name: 'Add to folder' }).fill('assets/ui');
  await pending.getByRole('textbox', { name: 'Name of image 1' }).fill('button.png');
  await images.commit(page.getByRole('button', { name: 'Commit 3 images…' }), 'Add UI sprites');

  await expect(pending).toBeHidden();
  const head = git(owner, repo, 'rev-parse', `refs/heads/${branch}`).trim();
  expect(git(owner, repo, 'diff', '--name-status', base, head).trim().split('\n')).toEqual(['A\tassets/ui/button.png', 'A\tassets/ui/sprite.png', 'A\tassets/ui/tile.png']);
  for (const [name, bytes] of [['button.png', pasted], ['tile.png', dropped], ['sprite.png', uploaded]] as const) {
    expect(forgeBlob(owner, repo, head, `assets/ui/${name}`).equals(bytes), name).toBe(true);
  }
  const button = pngAt(head, 'assets/ui/button.png');
  expect([button.width, button.height, ...pixel(button, 1, 0)]).toEqual([3, 2, 0, 0, 255, 128]);

  await page.getByRole('combobox', { name: 'Folder' }).selectOption('assets/ui');
  await expect(images.gallery.getByRole('button')).toHaveText([/^button\.png/, /^sprite\.png/, /^tile\.png/]);
});

test('someone else changed the same image meanwhile: nothing is overwritten until alice chooses to replace their version', async ({ page }) => {
  await new SignInFlow(page).signIn('alice');
  const { branch } = await newBranchFromMain(page, owner, repo, 'images/e2e');
  const images = new ImagesPage(page);
  await images.open(owner, repo, branch);
  await images.openImage('assets/images/tiles.png');
  await images.tool('Rotate right').click();
  const bob = await commitAs('bob', { owner, repo, branch, path: 'assets/images/tiles.png', content: 'not a picture any more', message: 'bob replaces the tiles' });

  await images.editor.getByRole('button', { name: 'Commit…' }).click();
  const dialog = page.getByRole('dialog', { name: /^Commit to/ });
  await dialog.getByRole('textbox', { name: 'Commit message' }).fill('Turn the tiles');
  await dialog.getByRole('button', { name: 'Commit', exact: true }).click();
  const conflict = page.getByRole('alert').filter({ hasText: 'Not committed' });
  await expect(conflict).toContainText(`someone else changed assets/images/tiles.png on ${branch} since you opened it`);
  expect(git(owner, repo, 'rev-parse', `refs/heads/${branch}`).trim()).toBe(bob);

  await conflict.getByRole('button', { name: 'Replace theirs with mine' }).click();
  await expect(images.status).toContainText(/Committed [0-9a-f]{7}/);
  const head = git(owner, repo, 'rev-parse', `refs/heads/${branch}`).trim();
  expect(git(owner, repo, 'rev-parse', `${head}^`).trim()).toBe(bob);
  const turned = pngAt(head, 'assets/images/tiles.png');
  const original = pngAt(`${bob}^`, 'assets/images/tiles.png');
  expect([turned.width, turned.height]).toEqual([16, 32]);
  // A clockwise turn: the top-left pixel comes from the original's bottom-left.
  expect(pixel(turned, 0, 0)).toEqual(pixel(original, 0, 15));
  expect(pixel(turned, 15, 31)).toEqual(pixel(original, 31, 0));
});
