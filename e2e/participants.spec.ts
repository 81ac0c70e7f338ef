import { expect, type Page, test } from '@playwright/test';
import { secondInstanceURL } from '../playwright.config';
import { AgentsPanel, pendingChange } from './pages/agents-panel';
import { CodeEditorPage } from './pages/code-editor';
import { CollabBar, RemoteCursors } from './pages/collab';
import { CommandPaletteFlow } from './pages/command-palette';
import { LiveChatPage } from './pages/live-chat';
import { ScenesPage } from './pages/scenes';
import { SignInFlow } from './pages/sign-in';
import { workspaceUrl } from './pages/workspace';
import { commitSubjects, forgeGit } from './support/forge';
import { newBranchViaApp } from './support/github';

/**
 * Agents as participants of a branch, seen by people on two app instances: Bob (write, second instance)
 * starts an agent on the branch; Alice (first instance) watches it work in presence, the activity feed and
 * the file it edits; Carol (read-only) watches its panel without controls.
 */
const owner = 'alice';
const repo = 'sample-game';

async function signedIn(page: Page, login: string): Promise<Page> {
  await new SignInFlow(page).signIn(login);
  return page;
}

test('an agent on a branch is seen live by everyone on it; writers follow it up and stop it, readers only watch', async ({ page, browser }) => {
  test.setTimeout(120_000);
  const alice = await signedIn(page, 'alice');
  const branch = await newBranchViaApp(alice, 'agents');
  const bobContext = await browser.newContext({ baseURL: secondInstanceURL });
  const bob = await signedIn(await bobContext.newPage(), 'bob');
  const carolContext = await browser.newContext();
  const carol = await signedIn(await carolContext.newPage(), 'carol');

  // Alice has README.md open and the activity feed beside it.
  await alice.goto(workspaceUrl(owner, repo, branch, 'code'));
  const aliceBar = new CollabBar(alice);
  await expect(aliceBar.status).toHaveText('Live');
  await new CodeEditorPage(alice).openFile('README.md');
  await aliceBar.openActivity();

  // Bob starts an agent on this very branch from the command palette.
  await bob.goto(workspaceUrl(owner, repo, branch, 'code'));
  await expect(new CollabBar(bob).status).toHaveText('Live');
  const palette = new CommandPaletteFlow(bob);
  await palette.open();
  await palette.choose('agent on this branch', 'Start an agent on this branch…');
  const bobPanel = new AgentsPanel(bob);
  await expect(bobPanel.task).toBeFocused();
  // Bob's panel reads the branch's agents only when the branch's stream tells it a status changed.
  const listReads: string[] = [];
  bob.on('request', (request) => {
    if (request.method() === 'GET' && new URL(request.url()).pathname === '/api/workspace/agents') listReads.push(request.url());
  });
  const title = 'Reword the README';
  await bobPanel.start(`${title} [scenario:agent-slow-edit]`);

  // Alice sees the agent in presence (robot badge, its title, the file it works on)...
  const agentInPresence = aliceBar.people.getByRole('listitem', { name: new RegExp(`^Agent '${title}' — (reading|editing) README\\.md$`) });
  await expect(agentInPresence).toBeVisible();
  await expect(agentInPresence.locator('[data-participant="agent"]')).toBeVisible();
  // ...its step in the activity feed within a second of it reaching Bob's panel on the other instance...
  await expect(bobPanel.log(title)).toContainText('is editing README.md');
  const readsWhileWorking = listReads.length;
  await expect(aliceBar.activity.getByTestId('turn-steps').first()).toContainText(`Agent '${title}' is editing README.md`, { timeout: 1_000 });
  // ...and, over the file, its change before it is committed.
  const notice = pendingChange(alice);
  await expect(notice).toContainText(`Agent '${title}' is editing this file; its change is not committed yet.`);
  await notice.getByText('Its change so far').click();
  await expect(notice.getByLabel(`Pending change of Agent '${title}'`)).toContainText('+ # Sample Game (edited by an agent)');
  await expect(notice.getByLabel(`Pending change of Agent '${title}'`)).toContainText('+ A tiny, friendly platformer used as', { timeout: 20_000 });
  // Seconds of work between its two edits, and no status change: nothing read (no polling).
  expect(listReads).toHaveLength(readsWhileWorking);

  // Carol (read-only) watches the agent's panel: its log, no controls.
  await carol.goto(workspaceUrl(owner, repo, branch, 'code'));
  const carolPanel = new AgentsPanel(carol);
  await carolPanel.open();
  await expect(carolPanel.log(title)).toContainText('is editing README.md');
  await expect(carolPanel.panel).toContainText('You have read-only access');
  await expect(carolPanel.task).toHaveCount(0);
  await expect(carolPanel.agent(title).getByRole('button')).toHaveCount(0);
  await expect(carolPanel.agent(title).getByRole('textbox')).toHaveCount(0);

  // On its commit: the same reload offer as for a person's commit, and the agent leaves the branch.
  const changed = new RemoteCursors(alice).changedNotice;
  await expect(changed).toContainText("Bob Brown's agent edited README.md", { timeout: 30_000 });
  await expect(agentInPresence).toHaveCount(0);
  await expect(notice).toHaveCount(0);
  await expect(aliceBar.activity.getByRole('listitem').first()).toContainText("Bob Brown's agent");
  expect(commitSubjects(owner, repo, branch)[0]).toBe(`Agent: ${title} [scenario:agent-slow-edit]`);
  await expect(bobPanel.status(title)).toHaveText('completed');
  // Its completion reached Bob's panel live, through one read when the stream told it.
  expect(listReads).toHaveLength(readsWhileWorking + 1);
  await expect(bobPanel.log(title)).toContainText('finished');

  // Bob follows it up from the panel; it works again on the branch; he stops it there.
  await bobPanel.followUp(title, 'Now explain the change at length [scenario:agent-conflict]');
  await expect(bobPanel.status(title)).toHaveText('running');
  await expect(aliceBar.people.getByRole('listitem', { name: new RegExp(`^Agent '${title}'`) })).toBeVisible();
  await bobPanel.stopButton(title).click();
  await expect(bobPanel.status(title)).toHaveText('cancelled');
  await expect(bobPanel.stopButton(title)).toHaveCount(0);
  await expect(aliceBar.people.getByRole('listitem', { name: new RegExp(`^Agent '${title}'`) })).toHaveCount(0);
  expect(commitSubjects(owner, repo, branch).filter((subject) => subject.startsWith('Agent:'))).toHaveLength(1);

  // The server refuses a reader's steering too, whatever the page offers.
  await expect(carolPanel.agent(title).getByRole('link')).toHaveCount(0);
  const agentId = await carolPanel.agent(title).getAttribute('data-agent-id');
  const refused = await carol.request.post(`/api/workspace/agents/${agentId}/messages`, { data: { content: 'Do more' } });
  expect(refused.status()).toBe(403);
  await Promise.all([bobContext.close(), carolContext.close()]);
});

test("an agent's commit conflicting with a person's is resolved by the agent on top of it, keeping the person's change", async ({ page, browser }) => {
  test.setTimeout(120_000);
  const alice = await signedIn(page, 'alice');
  const branch = await newBranchViaApp(alice, 'conflict');
  // Bob has README.md open on the branch.
  const bobContext = await browser.newContext({ baseURL: secondInstanceURL });
  const bob = await signedIn(await bobContext.newPage(), 'bob');
  await bob.goto(workspaceUrl(owner, repo, branch, 'code'));
  const bobCode = new CodeEditorPage(bob);
  await bobCode.openFile('README.md');

  // Alice starts an agent on the branch from its panel.
  await alice.goto(workspaceUrl(owner, repo, branch, 'code'));
  const panel = new AgentsPanel(alice);
  await panel.open();
  const title = 'Make the README friendlier';
  await panel.start(`${title} [scenario:agent-conflict]`);
  // Her own agent links to its page.
  await expect(panel.agent(title).getByRole('link', { name: title })).toHaveAttribute('href', /^\/agents\/[0-9a-f-]{36}$/);

  // Once the agent's change to README.md is pending, Bob commits his own change to the same file.
  await expect(pendingChange(bob)).toContainText(`Agent '${title}' is editing this file`);
  await bobCode.appendLine('README.md', "Bob's note: jump with space.");
  await bobCode.commit("Bob's note");
  await expect(bobCode.status).toContainText('Committed');

  // The agent is told of the conflict, resolves it, and commits on top of Bob's commit.
  await expect(panel.status(title)).toHaveText('completed', { timeout: 40_000 });
  const subjects = commitSubjects(owner, repo, branch);
  expect(subjects.slice(0, 2)).toEqual([`Agent: ${title} [scenario:agent-conflict]`, "Bob's note"]);
  const readme = forgeGit(owner, repo, 'show', `refs/heads/${branch}:README.md`);
  expect(readme).toContain("Bob's note: jump with space.");
  expect(readme).toContain('A tiny, friendly platformer used as');
  await bobContext.close();
});

test("a Live Chat turn is on the branch while it works: seen as its person's Live Chat, with its pending change, until it commits", async ({ page, browser }) => {
  test.setTimeout(90_000);
  const alice = await signedIn(page, 'alice');
  const branch = await newBranchViaApp(alice, 'chat');
  const bobContext = await browser.newContext({ baseURL: secondInstanceURL });
  const bob = await signedIn(await bobContext.newPage(), 'bob');
  await bob.goto(workspaceUrl(owner, repo, branch, 'code'));
  const bobBar = new CollabBar(bob);
  await expect(bobBar.status).toHaveText('Live');
  await new CodeEditorPage(bob).openFile('README.md');

  const chat = new LiveChatPage(alice);
  await chat.open(owner, repo, branch);
  await chat.send('Retitle the README, slowly [scenario:slow-edit]');

  const chatInPresence = bobBar.people.getByRole('listitem', { name: "Alice Anderson's Live Chat — editing README.md" });
  await expect(chatInPresence).toBeVisible();
  await expect(chatInPresence.locator('[data-participant="live-chat"]')).toBeVisible();
  await expect(pendingChange(bob)).toContainText("Alice Anderson's Live Chat is editing this file");

  await expect(new RemoteCursors(bob).changedNotice).toContainText('Alice Anderson edited README.md with Live Chat', { timeout: 30_000 });
  await expect(bobBar.people.getByRole('listitem', { name: /'s Live Chat/ })).toHaveCount(0);
  await expect(pendingChange(bob)).toHaveCount(0);
  await bobContext.close();
});

test('an agent changing the scene open in the scenes editor: its pending change over the scene, then the reload offer', async ({ page }) => {
  test.setTimeout(90_000);
  const alice = await signedIn(page, 'alice');
  const branch = await newBranchViaApp(alice, 'scene-agent');
  const scenePath = 'scenes/level1.scene.json';
  const scenes = new ScenesPage(alice);
  await scenes.open(owner, repo, branch);
  await scenes.openScene(scenePath);

  const panel = new AgentsPanel(alice);
  await panel.open();
  const title = 'Rename the first level';
  await panel.start(`${title} [scenario:agent-slow-scene-edit]`);

  const notice = pendingChange(alice);
  await expect(notice).toContainText(`Agent '${title}' is editing this file; its change is not committed yet.`);
  await notice.getByText('Its change so far').click();
  await expect(notice.getByLabel(`Pending change of Agent '${title}'`)).toContainText('"name": "Level 1, edited by an agent"');

  const changed = new RemoteCursors(alice).changedNotice;
  await expect(changed).toContainText(`Alice Anderson's agent edited ${scenePath}`, { timeout: 30_000 });
  await expect(notice).toHaveCount(0);
  await changed.getByRole('button', { name: 'Reload' }).click();
  await expect(changed).toHaveCount(0);
  await expect(scenes.editor.getByRole('heading', { name: scenePath, exact: true })).toBeVisible();
  expect(JSON.parse(forgeGit(owner, repo, 'show', `refs/heads/${branch}:${scenePath}`)).name).toBe('Level 1, edited by an agent');
});
