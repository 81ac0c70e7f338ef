import { expect, test } from '@playwright/test';
import { commitAs, newBranchViaApp } from './support/github';
import { commitSubjects, forgeGit } from './support/forge';
import { ScenesPage } from './pages/scenes';
import { SignInFlow } from './pages/sign-in';

const owner = 'alice';
const repo = 'sample-game';
const scenePath = 'scenes/level1.scene.json';

const sceneAt = (ref: string, path = scenePath) => JSON.parse(forgeGit(owner, repo, 'show', `${ref}:${path}`)) as { objects: Array<Record<string, unknown>> };

test('drag the player and give it a property; the commit changes exactly that in the scene file', async ({ page }) => {
  await new SignInFlow(page).signIn('alice');
  const branch = await newBranchViaApp(page, 'scenes');
  const scenes = new ScenesPage(page);
  await scenes.open(owner, repo, branch);
  await scenes.openScene(scenePath);
  await expect(scenes.object('Player')).toBeVisible();
  await expect(scenes.object('Coin 1')).toBeVisible();

  // At 100% one screen pixel is one scene unit; the grid (8) snaps. Dragging up is +y: scenes are y-up.
  await scenes.actualSize();
  await scenes.drag('player', 48, -32);
  await expect(scenes.object('Player')).toHaveAttribute('aria-pressed', 'true');
  await expect(scenes.field('X')).toHaveValue('-72');
  await expect(scenes.field('Y')).toHaveValue('-32');

  await page.keyboard.press('Control+z');
  await expect(scenes.field('X')).toHaveValue('-120');
  await page.keyboard.press('Control+Shift+z');
  await expect(scenes.field('X')).toHaveValue('-72');

  await scenes.properties.getByRole('textbox', { name: 'New property' }).fill('lives');
  await scenes.properties.getByRole('combobox', { name: 'Type of the new property' }).selectOption('number');
  await scenes.properties.getByRole('button', { name: 'Add' }).click();
  await scenes.setField('lives', '3');
  await expect(scenes.field('lives')).toHaveValue('3');

  await scenes.editor.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('scene-save-state')).toHaveText('saved (staged)');
  await expect(page.getByTestId('scene-save-state')).toHaveAttribute('data-state', 'saved');
  await scenes.commit('Move the player onto the ledge');

  expect(commitSubjects(owner, repo, branch)[0]).toBe('Move the player onto the ledge');
  expect(forgeGit(owner, repo, 'diff', '--name-only', 'main', branch)).toBe(scenePath);
  const expected = sceneAt('main');
  const player = expected.objects.find((object) => object.id === 'player') as { transform: Record<string, number>; properties: Record<string, unknown> };
  player.transform = { ...player.transform, x: -72, y: -32 };
  player.properties = { ...player.properties, lives: 3 };
  expect(sceneAt(branch)).toEqual(expected);
});

test('an invalid scene lists its errors, read-only, and is only replaced after an explicit choice', async ({ page }) => {
  await new SignInFlow(page).signIn('alice');
  const branch = await newBranchViaApp(page, 'scenes');
  const broken = 'scenes/broken.scene.json';
  await commitAs('alice', {
    owner,
    repo,
    branch,
    path: broken,
    content: JSON.stringify({ version: 2, name: 'Broken', width: 320, height: 180, background: '#000000', objects: [{ id: 'a', type: 'sprite' }] }),
    message: 'Add a broken scene',
  });
  const head = forgeGit(owner, repo, 'rev-parse', branch);
  const scenes = new ScenesPage(page);
  await scenes.open(owner, repo, branch);
  await scenes.openScene(broken);

  const invalid = page.getByRole('region', { name: 'Invalid scene' });
  await expect(invalid.getByRole('alert')).toContainText(`${broken} is not a valid scene`);
  const errors = invalid.getByRole('list', { name: 'Validation errors' });
  await expect(errors.getByRole('listitem').filter({ hasText: /^version/ })).toContainText('expected 1');
  await expect(errors.getByRole('listitem').filter({ hasText: /^objects\.0\.transform/ })).toBeVisible();
  await expect(scenes.canvas).toHaveCount(0);
  await expect(scenes.editor.getByRole('button', { name: 'Save' })).toBeDisabled();
  await page.keyboard.press('Control+s');
  await expect(scenes.editor.getByRole('button', { name: /^Commit/ })).toBeDisabled();

  await invalid.getByRole('button', { name: 'Replace with a new valid scene…' }).click();
  const confirm = page.getByRole('dialog', { name: `Replace ${broken}?` });
  await confirm.getByRole('button', { name: 'Keep the file' }).click();
  await expect(confirm).toBeHidden();
  await expect(errors).toBeVisible();
  expect(forgeGit(owner, repo, 'rev-parse', branch)).toBe(head);

  await invalid.getByRole('button', { name: 'Replace with a new valid scene…' }).click();
  await confirm.getByRole('button', { name: 'Replace with a new scene' }).click();
  await expect(page.getByText('This new scene replaces the invalid file when you save.')).toBeVisible();
  await scenes.tool('Add rectangle').click();
  await scenes.editor.getByRole('button', { name: 'Save' }).click();
  await scenes.commit('Replace the broken scene');
  const replaced = sceneAt(branch, broken);
  expect(replaced).toMatchObject({ version: 1, name: 'broken', objects: [{ id: 'rectangle', type: 'shape', geometry: { kind: 'rect' } }] });
});
