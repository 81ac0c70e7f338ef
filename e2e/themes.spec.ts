import { expect, type Locator, type Page, test } from '@playwright/test';
import { PNG } from 'pngjs';
import { CodeEditorPage } from './pages/code-editor';
import { CommandPaletteFlow } from './pages/command-palette';
import { ImagesPage } from './pages/images';
import { LiveChatPage } from './pages/live-chat';
import { ScenesPage } from './pages/scenes';
import { SignInFlow } from './pages/sign-in';
import { SoundsPage } from './pages/sounds';
import { newBranchViaApp } from './support/github';
import { unreadableText } from './support/readability';

const owner = 'alice';
const repo = 'sample-game';
const html = (page: Page) => page.locator('html');

type Rgb = [number, number, number];
/** Relative brightness, 0 (black) to 1 (white). */
const brightness = ([r, g, b]: Rgb) => (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
/** What the screen shows of an element, as pixels. */
const shot = async (locator: Locator) => PNG.sync.read(await locator.screenshot());
const rgbAt = (png: PNG, x: number, y: number): Rgb => {
  const at = (y * png.width + x) * 4;
  return [png.data[at]!, png.data[at + 1]!, png.data[at + 2]!];
};
const rowOf = (png: PNG, y: number) => Array.from({ length: png.width }, (_, x) => rgbAt(png, x, y));
/** The colour most pixels of a row have: the background, where lines or a waveform cross it. */
function commonest(pixels: Rgb[]): Rgb {
  const counts = new Map<string, number>();
  for (const pixel of pixels) counts.set(pixel.join(), (counts.get(pixel.join()) ?? 0) + 1);
  const [key] = [...counts].sort((a, b) => b[1] - a[1])[0]!;
  return key.split(',').map(Number) as Rgb;
}
const near = (a: Rgb, b: Rgb) => a.every((channel, index) => Math.abs(channel - b[index]!) <= 3);
const countOf = (png: PNG, colour: Rgb) => {
  let count = 0;
  for (let y = 0; y < png.height; y++) for (let x = 0; x < png.width; x++) if (near(rgbAt(png, x, y), colour)) count++;
  return count;
};
/** A colour of the current theme's palette (app/globals.css), e.g. `--canvas-wave`. */
const themeColour = async (page: Page, property: string): Promise<Rgb> => {
  const hex = (await page.evaluate((name) => getComputedStyle(document.documentElement).getPropertyValue(name).trim(), property)).slice(1);
  return [0, 2, 4].map((at) => parseInt(hex.slice(at, at + 2), 16)) as Rgb;
};

test('the theme follows the system in a fresh browser', async ({ browser }) => {
  for (const colorScheme of ['dark', 'light'] as const) {
    const context = await browser.newContext({ colorScheme });
    const page = await context.newPage();
    await page.goto('/signin');
    if (colorScheme === 'dark') await expect(html(page)).toHaveClass(/\bdark\b/);
    else await expect(html(page)).not.toHaveClass(/\bdark\b/);
    await expect(page.getByRole('button', { name: colorScheme === 'dark' ? 'Switch to light theme' : 'Switch to dark theme' })).toBeVisible();
    await context.close();
  }
});

test('switch to dark in the user menu: remembered after a reload, the code editor is dark too; the palette switches back', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await new SignInFlow(page).signIn('alice');
  const code = new CodeEditorPage(page);
  await code.open(owner, repo, 'main');
  await code.openFile('src/main.ts');
  const editor = page.locator('.cm-editor');
  await expect(editor).toHaveCSS('background-color', 'rgb(255, 255, 255)');

  await page.getByRole('banner').getByRole('button', { name: 'Switch to dark theme' }).click();
  await expect(html(page)).toHaveClass(/\bdark\b/);
  await expect(editor).toHaveCSS('background-color', 'rgb(30, 34, 42)');

  await page.reload();
  await expect(html(page)).toHaveClass(/\bdark\b/);
  await expect(page.getByRole('banner').getByRole('button', { name: 'Switch to light theme' })).toBeVisible();

  const palette = new CommandPaletteFlow(page);
  await palette.open();
  await palette.choose('light theme', 'Switch to light theme');
  await expect(html(page)).not.toHaveClass(/\bdark\b/);
  await page.reload();
  await expect(html(page)).not.toHaveClass(/\bdark\b/);
});

test('in the dark theme no text is unreadable on the main surfaces', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await new SignInFlow(page).signIn('alice');
  await expect(html(page)).toHaveClass(/\bdark\b/);
  const branch = await newBranchViaApp(page, 'themes');

  const check = async (what: string) => expect.soft(await unreadableText(page), what).toEqual([]);
  await page.goto('/agents?new=1');
  await expect(page.getByRole('form', { name: 'New agent' })).toBeVisible();
  await check('agents');
  await page.goto('/workspace');
  await expect(page.getByRole('list', { name: 'Repositories' })).toBeVisible();
  await check('workspace picker');

  const code = new CodeEditorPage(page);
  await code.open(owner, repo, branch);
  await code.openFile('src/main.ts');
  await code.appendLine('src/main.ts', '// dark');
  await check('code editor');
  await code.showChanges();
  await code.stagedList.getByRole('button', { name: 'src/main.ts, modified' }).click();
  await expect(page.getByTestId('diff-view')).toBeVisible();
  await check('staged diff');
  await code.sidebarTab(/^Search$/).click();
  await page.getByRole('searchbox', { name: 'Search text' }).fill('GRAVITY');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('list', { name: 'Search results' }).getByRole('listitem').first()).toBeVisible();
  await check('search results');

  const images = new ImagesPage(page);
  await images.open(owner, repo, branch);
  await images.openImage('assets/images/logo.svg');
  await check('images');
  await new SoundsPage(page).open(owner, repo, branch);
  await check('sounds');
  const scenes = new ScenesPage(page);
  await scenes.open(owner, repo, branch);
  await scenes.openScene('scenes/level1.scene.json');
  await check('scenes');
  await new LiveChatPage(page).open(owner, repo, branch);
  await check('live chat');
  await new CommandPaletteFlow(page).open();
  await check('command palette');
});

test('the canvases follow the theme: dark surroundings, grid and waveform in the dark theme, drawn again light after a switch; the image’s pixels stay', async ({
  page,
}) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await new SignInFlow(page).signIn('alice');
  await expect(html(page)).toHaveClass(/\bdark\b/);
  const switchTo = async (theme: 'light' | 'dark') => {
    await page.getByRole('banner').getByRole('button', { name: `Switch to ${theme} theme` }).click();
    if (theme === 'dark') await expect(html(page)).toHaveClass(/\bdark\b/);
    else await expect(html(page)).not.toHaveClass(/\bdark\b/);
  };
  // Image editor: the checkerboard behind transparent pixels and the area around the picture.
  const images = new ImagesPage(page);
  await images.open(owner, repo, 'main');
  await images.openImage('assets/images/player.png');
  const canvas = images.canvas('assets/images/player.png');
  const area = canvas.locator('xpath=../..');
  const imagePixels = () => canvas.evaluate((element: HTMLCanvasElement) => [...element.getContext('2d')!.getImageData(0, 0, element.width, element.height).data]);
  const picture = await imagePixels();
  expect(picture[3], 'the sprite’s top-left pixel is transparent: the checkerboard shows').toBe(0);
  const checker = async () => brightness(rgbAt(await shot(canvas), 1, 1));
  const around = async () => brightness(rgbAt(await shot(area), 2, 2));
  expect(await checker()).toBeLessThan(0.2);
  expect(await around()).toBeLessThan(0.2);
  await switchTo('light');
  await expect.poll(checker).toBeGreaterThan(0.6);
  await expect.poll(around).toBeGreaterThan(0.6);
  expect(await imagePixels(), 'the picture itself is the same in both themes').toEqual(picture);

  // Sound editor: the waveform's background and the waveform itself.
  await switchTo('dark');
  const sounds = new SoundsPage(page);
  await sounds.open(owner, repo, 'main');
  await sounds.openSound('assets/sounds/jump.wav');
  const waveform = page.getByRole('img', { name: 'Waveform of assets/sounds/jump.wav' });
  const darkWave = await themeColour(page, '--canvas-wave');
  let png = await shot(waveform);
  expect(brightness(commonest(rowOf(png, 2)))).toBeLessThan(0.2);
  expect(countOf(png, darkWave), 'the waveform in the dark theme’s colour').toBeGreaterThan(50);
  await switchTo('light');
  const lightWave = await themeColour(page, '--canvas-wave');
  expect(near(lightWave, darkWave)).toBe(false);
  await expect.poll(async () => countOf(await shot(waveform), lightWave), { message: 'the waveform drawn again in the light colour' }).toBeGreaterThan(50);
  png = await shot(waveform);
  expect(countOf(png, darkWave)).toBe(0);
  expect(brightness(commonest(rowOf(png, 2)))).toBeGreaterThan(0.6);

  // Scene editor at 100%: the backdrop around the scene and the grid lines across it.
  await switchTo('dark');
  const scenes = new ScenesPage(page);
  await scenes.open(owner, repo, 'main');
  await scenes.openScene('scenes/level1.scene.json');
  await scenes.actualSize();
  /**
   * The backdrop's brightness at the top (outside the 320 × 180 scene), and how many pixels of a row
   * there between horizontal grid lines are lighter or darker: the vertical grid lines crossing it.
   */
  const topRow = async () => {
    const png = await shot(scenes.canvas);
    const rows = Array.from({ length: 8 }, (_, y) => rowOf(png, y));
    const colour = commonest(rows.flat());
    const row = rows.find((pixels) => near(commonest(pixels), colour))!;
    const backdrop = brightness(colour);
    return {
      backdrop,
      lighter: row.filter((pixel) => brightness(pixel) > backdrop + 0.01).length,
      darker: row.filter((pixel) => brightness(pixel) < backdrop - 0.01).length,
    };
  };
  let row = await topRow();
  expect(row.backdrop).toBeLessThan(0.2);
  expect(row.lighter, 'light grid lines on the dark backdrop').toBeGreaterThan(20);
  expect(row.darker).toBeLessThan(row.lighter / 4);
  await switchTo('light');
  await expect.poll(async () => (await topRow()).backdrop).toBeGreaterThan(0.6);
  row = await topRow();
  expect(row.darker, 'dark grid lines on the light backdrop').toBeGreaterThan(20);
  expect(row.lighter).toBeLessThan(row.darker / 4);
});
