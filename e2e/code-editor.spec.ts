import { expect, type Page, test } from '@playwright/test';
import { CodeEditorPage } from './pages/code-editor';
import { SignInFlow } from './pages/sign-in';
import { commitAs, createBranchAs, git } from './support/github';

const owner = 'alice';
const repo = 'sample-game';
const unique = () => Math.random().toString(36).slice(2, 8);

/** A new branch off main, made through the app's API as the signed-in user; returns its name and head. */
async function newBranch(page: Page): Promise<{ branch: string; base: string }> {
  const branch = `code/e2e-${unique()}`;
  const created = await page.request.post('/api/github/branches', { data: { owner, repo, baseBranch: 'main', newBranch: branch } });
  expect(created.status()).toBe(201);
  return { branch, base: git(owner, repo, 'rev-parse', `refs/heads/${branch}`).trim() };
}

test('edit two files, create one, delete one; the staged changes survive a reload; one commit writes exactly them', async ({ page }) => {
  await new SignInFlow(page).signIn('alice');
  const { branch, base } = await newBranch(page);
  const code = new CodeEditorPage(page);
  await code.open(owner, repo, branch);

  await code.openFile('src/main.ts');
  await expect(code.editor('src/main.ts')).toContainText('export const GRAVITY = 0.2;');
  await code.appendLine('src/main.ts', '// edited by alice');
  await expect(code.tab('main.ts, changed')).toBeVisible();
  await code.openFile('src/game.js');
  await code.appendLine('src/game.js', '// tuned by alice');
  await code.createFile('src/hud.ts', 'export const hudVisible = true;');
  await code.deleteFile('tools/build_atlas.py');

  await code.showChanges();
  const staged = ['src/game.js, modified', 'src/hud.ts, added', 'src/main.ts, modified', 'tools/build_atlas.py, deleted'];
  await expect(code.stagedList.getByRole('button', { name: /, (modified|added|deleted)$/ })).toHaveText(
    ['src/game.js', 'src/hud.ts', 'src/main.ts', 'tools/build_atlas.py'].map((path) => new RegExp(path)),
  );

  await page.reload();
  await code.showChanges();
  for (const name of staged) await expect(code.stagedList.getByRole('button', { name })).toBeVisible();
  await code.stagedList.getByRole('button', { name: 'src/main.ts, modified' }).click();
  await expect(page.getByRole('textbox', { name: 'Changes to src/main.ts' })).toContainText('// edited by alice');
  await code.openFile('src/main.ts');
  await expect(code.editor('src/main.ts')).toContainText('// edited by alice');
  expect(git(owner, repo, 'rev-parse', `refs/heads/${branch}`).trim()).toBe(base);

  await code.commit('Edit two files, add the HUD, drop the atlas tool');
  await expect(code.status).toContainText(/Committed [0-9a-f]{7}: 4 files\.$/);
  await expect(code.tab('main.ts')).toBeVisible();
  await code.showChanges();
  await expect(page.getByText('No staged changes.')).toBeVisible();

  const head = git(owner, repo, 'rev-parse', `refs/heads/${branch}`).trim();
  expect(git(owner, repo, 'rev-list', '--count', `${base}..${head}`).trim()).toBe('1');
  expect(git(owner, repo, 'rev-parse', `${head}^`).trim()).toBe(base);
  expect(git(owner, repo, 'log', '-1', '--format=%an|%s', head).trim()).toBe('Alice Anderson|Edit two files, add the HUD, drop the atlas tool');
  expect(git(owner, repo, 'diff', '--name-status', base, head).trim().split('\n')).toEqual([
    'M\tsrc/game.js',
    'A\tsrc/hud.ts',
    'M\tsrc/main.ts',
    'D\ttools/build_atlas.py',
  ]);
  const before = git(owner, repo, 'show', `${base}:src/main.ts`);
  expect(git(owner, repo, 'show', `${head}:src/main.ts`)).toBe(`${before}\n// edited by alice`);
  expect(git(owner, repo, 'show', `${head}:src/hud.ts`)).toBe('export const hudVisible = true;');
});

test('a concurrent commit to another file is rebased onto; one to the same file opens the conflict view', async ({ page }) => {
  await new SignInFlow(page).signIn('alice');
  const { branch } = await newBranch(page);
  const code = new CodeEditorPage(page);
  await code.open(owner, repo, branch);

  await code.openFile('src/player.lua');
  await code.appendLine('src/player.lua', '-- alice was here');
  const bobReadme = await commitAs('bob', { owner, repo, branch, path: 'README.md', content: '# Sample game\n\nBob edited this.\n', message: 'bob edits the README' });
  await code.commit('Alice edits the player');
  await expect(code.status).toContainText('on top of newer commits on the branch');
  const rebased = git(owner, repo, 'rev-parse', `refs/heads/${branch}`).trim();
  expect(git(owner, repo, 'rev-parse', `${rebased}^`).trim()).toBe(bobReadme);
  expect(git(owner, repo, 'show', `${rebased}:README.md`)).toBe('# Sample game\n\nBob edited this.\n');
  expect(git(owner, repo, 'show', `${rebased}:src/player.lua`)).toContain('-- alice was here');

  await code.openFile('src/Enemy.cs');
  await code.appendLine('src/Enemy.cs', '// alice: enemies patrol faster');
  const original = git(owner, repo, 'show', `${rebased}:src/Enemy.cs`);
  const bobEnemy = await commitAs('bob', { owner, repo, branch, path: 'src/Enemy.cs', content: `${original}// bob: enemies wait\n`, message: 'bob edits the enemy' });
  await code.commit('Alice edits the enemy');

  const conflict = page.getByRole('region', { name: 'Conflict in src/Enemy.cs' });
  await expect(page.getByRole('heading', { name: `Someone else changed the same files on ${branch}` })).toBeVisible();
  await expect(conflict.getByRole('textbox', { name: 'Their version of src/Enemy.cs' })).toContainText('// bob: enemies wait');
  await expect(conflict.getByRole('textbox', { name: 'Your version of src/Enemy.cs' })).toContainText('// alice: enemies patrol faster');
  expect(git(owner, repo, 'rev-parse', `refs/heads/${branch}`).trim()).toBe(bobEnemy);

  await conflict.getByRole('button', { name: 'Resolve with my version' }).click();
  await expect(code.status).toContainText('Conflicts resolved');
  await code.commit('Alice edits the enemy, after bob');
  await expect(code.status).toContainText(/Committed [0-9a-f]{7}: 1 file\.$/);
  const head = git(owner, repo, 'rev-parse', `refs/heads/${branch}`).trim();
  expect(git(owner, repo, 'rev-parse', `${head}^`).trim()).toBe(bobEnemy);
  const enemy = git(owner, repo, 'show', `${head}:src/Enemy.cs`);
  expect(enemy).toContain('// alice: enemies patrol faster');
  expect(enemy).not.toContain('// bob: enemies wait');
});

test('files and folders: create, rename and search; a discarded change is gone; binary files say so', async ({ page }) => {
  await new SignInFlow(page).signIn('alice');
  const { branch } = await newBranch(page);
  await commitAs('bob', { owner, repo, branch, path: 'data/level.bin', content: 'LVL\0\u0001\u0002', message: 'bob adds binary level data' });
  const code = new CodeEditorPage(page);
  await code.open(owner, repo, branch);
  await code.openFile('data/level.bin');
  await expect(page.getByRole('note')).toContainText('Binary fileThis file is not text (6 bytes)');

  await page.getByRole('button', { name: 'New folder' }).click();
  await page.getByRole('textbox', { name: 'New folder path' }).fill('levels');
  await page.getByRole('button', { name: 'Create folder' }).click();
  await expect(code.tree.getByRole('treeitem', { name: 'levels' })).toHaveAttribute('aria-expanded', 'true');
  await page.getByRole('button', { name: 'New file' }).click();
  await expect(page.getByRole('textbox', { name: 'New file path' })).toHaveValue('levels/');
  await page.getByRole('textbox', { name: 'New file path' }).fill('levels/one.yaml');
  await page.getByRole('button', { name: 'Create file' }).click();
  await code.editor('levels/one.yaml').click();
  await page.keyboard.type('name: first');

  await page.getByRole('button', { name: 'New file' }).click();
  await page.getByRole('textbox', { name: 'New file path' }).fill('../outside.txt');
  await page.getByRole('button', { name: 'Create file' }).click();
  await expect(code.sidebar.getByRole('alert')).toHaveText('A path cannot contain "..".');
  await page.getByRole('button', { name: 'Cancel' }).click();

  // Selecting an open folder by keyboard keeps it open; it stays open under its new name.
  await code.tree.getByRole('treeitem', { name: 'one.yaml, added' }).click();
  await page.keyboard.press('ArrowLeft');
  await expect(code.tree.getByRole('treeitem', { name: 'levels' })).toHaveAttribute('aria-selected', 'true');
  await page.getByRole('button', { name: 'Rename' }).click();
  await page.getByRole('textbox', { name: 'Rename to' }).fill('stages');
  await page.getByRole('button', { name: 'Rename', exact: true }).last().click();
  await expect(code.tree.getByRole('treeitem', { name: 'stages' })).toHaveAttribute('aria-expanded', 'true');
  await expect(code.tree.getByRole('treeitem', { name: 'one.yaml, added' })).toBeVisible();
  await expect(code.tab('one.yaml, changed')).toHaveAttribute('title', 'stages/one.yaml');

  await code.search.fill('one');
  const matches = page.getByRole('listbox', { name: 'Matching files' }).getByRole('option');
  await expect(matches).toHaveCount(1);
  await expect(matches).toHaveAccessibleName('stages/one.yaml, added');
  await code.search.fill('');

  // Moving a folder of committed files stages a rename for each.
  await code.tree.getByRole('treeitem', { name: 'tools' }).click();
  await page.getByRole('button', { name: 'Rename' }).click();
  await page.getByRole('textbox', { name: 'Rename to' }).fill('scripts');
  await page.getByRole('button', { name: 'Rename', exact: true }).last().click();
  await code.showChanges();
  await expect(code.stagedList.getByRole('button', { name: 'scripts/build_atlas.py, renamed from tools/build_atlas.py' })).toBeVisible();
  await code.stagedList.getByRole('button', { name: 'Discard changes to scripts/build_atlas.py' }).click();
  await expect(code.stagedList.getByRole('button')).toHaveText([/stages\/one\.yaml/, /Discard/]);
  await code.sidebarTab('Files').click();
  await expect(code.tree.getByRole('treeitem', { name: 'tools' })).toBeVisible();
});

test('without push permission the editor is read-only and says why; images and sounds preview; the branch diffs against main', async ({ page }) => {
  const branch = `code/e2e-bob-${unique()}`;
  await createBranchAs('bob', { owner, repo, branch, from: 'main' });
  await commitAs('bob', { owner, repo, branch, path: 'docs/notes.md', content: '# Notes\n\nLevel ideas.\n', message: 'bob adds notes' });
  await new SignInFlow(page).signIn('carol');
  const code = new CodeEditorPage(page);
  await code.open(owner, repo, branch);
  await expect(page.getByRole('note').filter({ hasText: 'Viewing only:' })).toContainText(
    'You have read access to alice/sample-game but not push permission',
  );
  await expect(page.getByRole('button', { name: 'New file' })).toHaveCount(0);
  await code.openFile('src/main.ts');
  await expect(code.editor('src/main.ts')).toHaveAttribute('contenteditable', 'false');
  await expect(page.getByRole('button', { name: /^Commit/ })).toHaveCount(0);

  await code.openFile('assets/images/player.png');
  const image = page.getByRole('img', { name: 'Preview of assets/images/player.png' });
  await expect(image).toBeVisible();
  await expect.poll(() => image.evaluate((element: HTMLImageElement) => element.naturalWidth)).toBeGreaterThan(0);
  const served = await page.request.get((await image.getAttribute('src'))!);
  expect(served.headers()['content-type']).toBe('image/png');
  expect(served.headers()['content-security-policy']).toMatch(/^sandbox;/);
  const missing = await page.request.get('/api/github/alice/sample-game/blobs/not-a-sha?path=a.png');
  expect(missing.status()).toBe(404);
  expect(await missing.json()).toEqual({ error: { code: 'not_found', message: 'That file does not exist.' } });
  await code.openFile('assets/sounds/jump.wav');
  await expect(page.locator('audio[aria-label="Play assets/sounds/jump.wav"]')).toHaveJSProperty('error', null);

  await code.sidebarTab(/^Changes vs main$/).click();
  const changed = page.getByRole('list', { name: 'Files changed since main' });
  await expect(changed.getByRole('button')).toHaveCount(1);
  await changed.getByRole('button', { name: 'docs/notes.md, added, 3 additions, 0 deletions' }).click();
  await expect(page.getByRole('region', { name: 'Diff of docs/notes.md' })).toContainText('+Level ideas.');
});
