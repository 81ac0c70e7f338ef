import { execFileSync } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { AgentDetail, AgentsPage } from './pages/agents';
import { commandBlock, commandOutcome, commandOutput } from './pages/commands';
import { LiveChatPage } from './pages/live-chat';
import { SignInFlow } from './pages/sign-in';
import { commitSubjects, forgeGit } from './support/forge';
import { newBranchViaApp } from './support/github';

/**
 * Agents and Live Chat run the repository's commands in the sandbox: the sample repository's own tests
 * (`node --test`, named in its webedt.json), output streamed into a terminal block, and Stop / Cancel
 * killing a running command with nothing committed.
 */

const owner = 'alice';
const repo = 'sample-game';

/** Whether any process on this machine still runs the long-command scenario's `sleep 613`. */
function longJobRunning(): boolean {
  return execFileSync('ps', ['-eww', '-o', 'args'], { encoding: 'utf8' })
    .split('\n')
    .some((line) => line.trim() === 'sleep 613');
}

test('an agent runs the tests, sees one fail, fixes the code, and commits with the passing run beside the commit', async ({ page }) => {
  test.setTimeout(60_000);
  await new SignInFlow(page).signIn('alice');
  const task = `Cap the combo bonus at 100 ${Date.now()} [scenario:run-tests-fix]`;
  await new AgentsPage(page).start(task);
  const detail = new AgentDetail(page);

  const runs = commandBlock(detail.steps, 'node --test');
  await expect(runs).toHaveCount(2, { timeout: 30_000 });
  await expect(commandOutcome(runs.first())).toHaveText('failed (exit 1)');
  await expect(commandOutput(runs.first())).toContainText('not ok');
  await expect(commandOutput(runs.first())).toContainText('comboBonus is capped at 100 points');
  await expect(commandOutcome(runs.nth(1))).toHaveText('passed');
  await expect(commandOutput(runs.nth(1))).toContainText('# pass 3');

  await expect(detail.status).toHaveText('Completed');
  const commit = detail.steps.getByLabel('Commit');
  await expect(commit).toContainText('src/score.mjs, test/score.test.mjs');
  await expect(commit.getByTestId('commit-test-run')).toHaveText(/^Tests: node --test passed in \d/);

  const branch = (await page.getByText(/^agent\/cap-combo-bonus/).first().textContent())!.trim();
  expect(commitSubjects(owner, repo, branch)[0]).toBe(`Agent: ${task.slice(0, 60)}`);
  expect(forgeGit(owner, repo, 'show', `refs/heads/${branch}:src/score.mjs`)).toContain('Math.min(hits * 10, 100)');
});

test('cancelling an agent during a command kills it at once and commits nothing', async ({ page }) => {
  test.setTimeout(60_000);
  await new SignInFlow(page).signIn('alice');
  await new AgentsPage(page).start(`A long job ${Date.now()} [scenario:long-command]`);
  const detail = new AgentDetail(page);
  const block = commandBlock(detail.steps, 'echo long job started; touch made-by-long-job.txt; sleep 613');
  await expect(commandOutput(block)).toHaveText('long job started', { timeout: 20_000 });
  await expect(commandOutcome(block)).toHaveText('running…');
  expect(longJobRunning()).toBe(true);

  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(detail.status).toHaveText('Cancelled', { timeout: 10_000 });
  await expect(commandOutcome(block)).toHaveText('stopped by you');
  expect(longJobRunning()).toBe(false);
  await expect(detail.steps.getByLabel('Commit')).toHaveCount(0);
  const branch = (await page.getByText(/^agent\/long-job/).first().textContent())!.trim();
  expect(forgeGit(owner, repo, 'ls-tree', '--name-only', `refs/heads/${branch}`)).not.toContain('made-by-long-job.txt');
});

test('Live Chat runs the tests with the output streamed, and Stop during a long command ends it with nothing committed', async ({ page }) => {
  test.setTimeout(60_000);
  await new SignInFlow(page).signIn('alice');
  const branch = await newBranchViaApp(page, 'commands');
  const before = commitSubjects(owner, repo, branch);
  const chat = new LiveChatPage(page);
  await chat.open(owner, repo, branch);

  await chat.send('Run the tests [scenario:run-tests]');
  const answer = chat.answers().first();
  const tests = commandBlock(answer, 'node --test');
  await expect(commandOutcome(tests)).toHaveText('passed', { timeout: 20_000 });
  await expect(commandOutput(tests)).toContainText('# pass 2');
  await expect(answer).toContainText('All the tests pass.');
  await expect(chat.commits()).toHaveCount(0);

  await chat.send('Now the long job [scenario:long-command]');
  const long = commandBlock(chat.answers().nth(1), 'echo long job started; touch made-by-long-job.txt; sleep 613');
  await expect(commandOutput(long)).toHaveText('long job started', { timeout: 20_000 });
  await expect(commandOutcome(long)).toHaveText('running…');
  expect(longJobRunning()).toBe(true);
  await chat.stopButton.click();
  await expect(chat.answers().nth(1)).toContainText('Stopped. Nothing was committed.');
  await expect.poll(longJobRunning, { timeout: 5_000 }).toBe(false);
  expect(commitSubjects(owner, repo, branch)).toEqual(before);
});
