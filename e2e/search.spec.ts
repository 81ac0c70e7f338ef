import { expect, type Page, test } from '@playwright/test';
import { CodeEditorPage } from './pages/code-editor';
import { SignInFlow } from './pages/sign-in';
import { newBranchViaApp } from './support/github';

const owner = 'alice';
const repo = 'sample-game';


/** Signs in as alice and shows "Search in files" on the Code page of a new branch. */
async function openSearch(page: Page) {
  await new SignInFlow(page).signIn('alice');
  const branch = await newBranchViaApp(page, 'search');
  const code = new CodeEditorPage(page);
  await code.open(owner, repo, branch);
  await code.sidebarTab(/^Search$/).click();
  return { code, panel: searchPanel(page) };
}

/** "Search in files" in the code editor's sidebar. */
function searchPanel(page: Page) {
  const form = page.getByRole('search', { name: 'Search in files' });
  const results = page.getByRole('list', { name: 'Search results' });
  return {
    results,
    summary: page.getByRole('tabpanel', { name: 'Search' }).getByRole('status'),
    error: page.getByRole('tabpanel', { name: 'Search' }).getByRole('alert'),
    regex: form.getByRole('checkbox', { name: 'Regular expression' }),
    matchCase: form.getByRole('checkbox', { name: 'Match case' }),
    file: (path: string) => results.getByRole('listitem').filter({ has: page.getByRole('heading', { name: new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(\\d+\\)$`) }) }),
    async search(text: string) {
      await form.getByRole('searchbox', { name: 'Search text' }).fill(text);
      await page.keyboard.press('Enter');
    },
  };
}

test('search "GRAVITY" across the branch, open a result at its line; a staged edit and a staged file show in the results', async ({ page }) => {
  const { code, panel } = await openSearch(page);

  await panel.search('GRAVITY');
  const main = panel.file('src/main.ts');
  await expect(main.getByRole('button')).toHaveText(['12export const GRAVITY = 0.2;', /^17\s*const vy = .* \+ GRAVITY;$/]);
  await expect(main.getByRole('button').first().locator('mark')).toHaveText('GRAVITY');

  await main.getByRole('button', { name: /^17/ }).click();
  await expect(code.tab('main.ts')).toHaveAttribute('aria-selected', 'true');
  const editor = code.editor('src/main.ts');
  await expect(editor).toBeFocused();
  await expect(page.locator('.cm-lineNumbers .cm-activeLineGutter')).toHaveText('17');
  await expect(page.locator('.cm-activeLine')).toContainText('body.velocity.y + GRAVITY');

  // Staged, not committed: an edit of main.ts and a new file.
  await code.appendLine('src/main.ts', 'export const MOON_GRAVITY = GRAVITY / 6;');
  await code.createFile('src/physics.ts', 'export const gravityOnMars = 0.38;');
  await code.sidebarTab(/^Search$/).click();
  await panel.search('gravity');
  await expect(panel.file('src/main.ts').getByRole('button')).toHaveCount(3);
  await expect(panel.file('src/main.ts').getByRole('button').last()).toHaveText(/^\d+export const MOON_GRAVITY = GRAVITY \/ 6;$/);
  await expect(panel.file('src/physics.ts').getByRole('button')).toHaveText(['1export const gravityOnMars = 0.38;']);

  // Match case leaves out the staged file's lower-case match.
  await panel.matchCase.check();
  await panel.search('GRAVITY');
  await expect(panel.file('src/physics.ts')).toHaveCount(0);
  await expect(panel.summary).toHaveText(/^3 lines in 1 file\.$/);
});

test('regular expressions, and a malformed one is explained', async ({ page }) => {
  const { panel } = await openSearch(page);

  await panel.regex.check();
  await panel.search('GRAVITY\\s*=\\s*0\\.\\d');
  await expect(panel.summary).toHaveText('1 line in 1 file.');
  await expect(panel.file('src/main.ts').getByRole('button')).toHaveText(['12export const GRAVITY = 0.2;']);

  await panel.search('GRAVITY(');
  await expect(panel.error).toHaveText(/^Invalid regular expression: .*GRAVITY\(.*/);
  await expect(panel.results.getByRole('listitem')).toHaveCount(0);

  // The same text without "Regular expression" is plain text: no error, no match.
  await panel.regex.uncheck();
  await panel.search('GRAVITY(');
  await expect(panel.error).toBeHidden();
  await expect(panel.summary).toHaveText('No results.');
});
