import { expect, test } from '@playwright/test';
import { decodeWav } from '../lib/sounds/wav';
import { SoundsPage } from './pages/sounds';
import { SignInFlow } from './pages/sign-in';
import { forgeBlob } from './support/forge';
import { git, newBranchFromMain } from './support/github';

const owner = 'alice';
const repo = 'sample-game';
const head = (branch: string) => git(owner, repo, 'rev-parse', `refs/heads/${branch}`).trim();
/** A WAV file of the forge's repository, decoded to 16-bit integers per channel. */
function wavAt(rev: string, path: string) {
  const clip = decodeWav(new Uint8Array(forgeBlob(owner, repo, rev, path)));
  const ints = clip.channels.map((samples) => [...samples].map((s) => Math.round(s < 0 ? s * 0x8000 : s * 0x7fff)));
  return { sampleRate: clip.sampleRate, ints };
}

test('trim the jump sound to a selection, reverse it, undo and redo, commit: the WAV on the branch holds exactly those samples', async ({ page }) => {
  await new SignInFlow(page).signIn('alice');
  const { branch, base } = await newBranchFromMain(page, owner, repo, 'sounds/e2e');
  const sounds = new SoundsPage(page);
  await sounds.open(owner, repo, branch);
  await expect(sounds.list.getByRole('button')).toHaveCount(3);
  await sounds.openSound('assets/sounds/jump.wav');
  await expect(sounds.info).toContainText('22050 Hz · mono · 5513 samples');

  // Dragging across the second quarter of the waveform selects about 0.0625–0.125 s of the 0.25 s sound.
  await sounds.dragSelect('assets/sounds/jump.wav', 0.25, 0.5);
  await expect(sounds.info).toContainText('selection 0.0');
  const [from, to] = await sounds.selection();
  expect(Math.abs(from - 0.0625)).toBeLessThan(0.01);
  expect(Math.abs(to - 0.125)).toBeLessThan(0.01);
  await sounds.select(0.05, 0.15);
  await expect(sounds.info).toContainText('selection 0.100 s');
  await sounds.tool('Trim to selection').click();
  await expect(sounds.info).toContainText('2205 samples');
  await sounds.tool('Reverse').click();
  await expect(sounds.editor.getByRole('heading')).toContainText('(changed)');
  await page.keyboard.press('Control+z');
  await page.keyboard.press('Control+z');
  await expect(sounds.info).toContainText('5513 samples');
  await expect(sounds.editor.getByRole('heading')).not.toContainText('(changed)');
  await page.keyboard.press('Control+Shift+z');
  await page.keyboard.press('Control+Shift+z');
  await expect(sounds.info).toContainText('2205 samples');
  await sounds.waitForWaveform('assets/sounds/jump.wav');

  await sounds.commit('Shorter jump, backwards');
  await expect(sounds.editor.getByRole('heading')).not.toContainText('(changed)');
  const committed = head(branch);
  expect(git(owner, repo, 'rev-parse', `${committed}^`).trim()).toBe(base);
  expect(git(owner, repo, 'diff', '--name-status', base, committed).trim()).toBe('M\tassets/sounds/jump.wav');
  const before = wavAt(base, 'assets/sounds/jump.wav');
  const after = wavAt(committed, 'assets/sounds/jump.wav');
  expect(after.sampleRate).toBe(22050);
  expect(after.ints).toHaveLength(1);
  // Frames round(0.05 × 22050) = 1103 up to round(0.15 × 22050) = 3308, in reverse.
  expect(after.ints[0]).toEqual(before.ints[0]!.slice(1103, 3308).reverse());
});

test('generate a coin effect and commit it under a new name; a taken name is refused', async ({ page }) => {
  await new SignInFlow(page).signIn('alice');
  const { branch, base } = await newBranchFromMain(page, owner, repo, 'sounds/e2e');
  const sounds = new SoundsPage(page);
  await sounds.open(owner, repo, branch);

  await page.getByRole('group', { name: 'Generate a sound effect' }).getByRole('button', { name: 'Coin' }).click();
  const saveAs = sounds.editor.getByRole('textbox', { name: 'Save as' });
  await expect(saveAs).toHaveValue('assets/sounds/coin-2.wav');
  await expect(sounds.editor.getByRole('heading')).toContainText('(new, not committed)');
  await sounds.waitForWaveform('assets/sounds/coin-2.wav');
  await expect(sounds.info).toContainText('44100 Hz · mono');
  await saveAs.fill('assets/sounds/coin.wav');
  await expect(sounds.editor.getByRole('alert')).toHaveText('Save as: assets/sounds/coin.wav already exists; choose another name.');
  await saveAs.fill('assets/sfx/pickup.wav');
  await expect(sounds.editor.getByRole('alert')).toBeHidden();
  await sounds.commit('Add a pickup sound');

  await expect(sounds.list.getByRole('button', { name: /pickup\.wav/ })).toHaveAttribute('aria-current', 'true');
  await expect(sounds.editor.getByRole('heading')).toHaveText('assets/sfx/pickup.wav');
  const committed = head(branch);
  expect(git(owner, repo, 'diff', '--name-status', base, committed).trim()).toBe('A\tassets/sfx/pickup.wav');
  const pickup = wavAt(committed, 'assets/sfx/pickup.wav');
  expect(pickup.sampleRate).toBe(44100);
  expect(pickup.ints).toHaveLength(1);
  expect(pickup.ints[0]!.length).toBeGreaterThan(44100 * 0.1);
  expect(Math.max(...pickup.ints[0]!.map(Math.abs))).toBeGreaterThan(0.2 * 0x7fff);
});

test('recording says why it is unavailable without a microphone, and records from one into a new WAV file', async ({ page, playwright, baseURL }) => {
  await new SignInFlow(page).signIn('alice');
  const { branch } = await newBranchFromMain(page, owner, repo, 'sounds/e2e');
  const sounds = new SoundsPage(page);
  await sounds.open(owner, repo, branch);
  await page.getByRole('button', { name: 'Record' }).click();
  await expect(sounds.status).toHaveText(/^Recording is not available: /);

  // A browser with Chromium's fake microphone (a steady beep) and permission granted, signed in as alice.
  const browser = await playwright.chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', '--disable-gpu'],
  });
  try {
    const context = await browser.newContext({ baseURL, permissions: ['microphone'], storageState: await page.context().storageState() });
    const recording = await context.newPage();
    const recorder = new SoundsPage(recording);
    await recorder.open(owner, repo, branch);
    await recording.getByRole('button', { name: 'Record' }).click();
    await expect(recording.getByRole('button', { name: /^Stop recording \(1\.\d s\)$/ })).toBeVisible();
    await recording.getByRole('button', { name: /^Stop recording/ }).click();
    const saveAs = recorder.editor.getByRole('textbox', { name: 'Save as' });
    await expect(saveAs).toHaveValue(/^assets\/sounds\/recording-\d{8}-\d{6}\.wav$/);
    const path = await saveAs.inputValue();
    await recorder.waitForWaveform(path);
    await recorder.commit('Record a beep');

    const clip = wavAt(head(branch), path);
    const seconds = clip.ints[0]!.length / clip.sampleRate;
    expect(seconds).toBeGreaterThan(0.8);
    expect(seconds).toBeLessThan(5);
    expect(Math.max(...clip.ints[0]!.map(Math.abs))).toBeGreaterThan(1000);
  } finally {
    await browser.close();
  }
});
