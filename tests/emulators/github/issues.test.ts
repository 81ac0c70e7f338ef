import type { Octokit } from '@octokit/rest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, rejection, startEmulator } from './support';

/** The issues endpoints through Octokit, as the app calls them (lib/github/issues.ts). */
let gh: Emulator;
let alice: Octokit;
let dave: Octokit;
const repo = { owner: 'alice', repo: 'sample-game' };

beforeAll(async () => {
  gh = await startEmulator();
  alice = gh.octokit(await gh.token('alice'));
  dave = gh.octokit(await gh.token('dave'));
});
afterAll(async () => {
  await gh?.close();
});

describe('issues', () => {
  it('lists the open issues, newest first, paginated with a Link header', async () => {
    const { data } = await alice.rest.issues.listForRepo(repo);
    expect(data.map((i) => [i.number, i.title])).toEqual([
      [4, 'Add a pause menu'],
      [2, 'The double jump feels floaty'],
      [1, 'Document the keyboard controls'],
    ]);
    expect(data[1]).toMatchObject({ state: 'open', comments: 2, user: { login: 'carol' }, labels: [{ name: 'bug' }] });
    expect(data.every((i) => i.pull_request === undefined)).toBe(true);

    const first = await alice.rest.issues.listForRepo({ ...repo, per_page: 2 });
    expect(first.data).toHaveLength(2);
    expect(first.headers.link).toContain('rel="next"');
    const all = await alice.paginate(alice.rest.issues.listForRepo, { ...repo, per_page: 1 });
    expect(all.map((i) => i.number)).toEqual([4, 2, 1]);

    const closed = await alice.rest.issues.listForRepo({ ...repo, state: 'closed' });
    expect(closed.data.map((i) => [i.number, i.state, i.state_reason])).toEqual([[3, 'closed', 'completed']]);
  });

  it('gets an issue and its comments; a missing one is 404; a pull request is an issue marked pull_request', async () => {
    const { data: issue } = await alice.rest.issues.get({ ...repo, issue_number: 2 });
    expect(issue).toMatchObject({ number: 2, title: 'The double jump feels floaty', html_url: `${gh.url}/alice/sample-game/issues/2` });
    expect(issue.body).toContain('GRAVITY');
    const { data: comments } = await alice.rest.issues.listComments({ ...repo, issue_number: 2 });
    expect(comments.map((c) => [c.user?.login, c.body])).toEqual([
      ['bob', 'Same here, mostly on level 2.'],
      ['alice', "Let's try a higher gravity only while falling."],
    ]);

    const missing = await rejection(alice.rest.issues.get({ ...repo, issue_number: 999 }));
    expect(missing.status).toBe(404);
    expect(missing.response?.data).toMatchObject({ message: 'Not Found' });
    expect((await rejection(alice.rest.issues.listComments({ ...repo, issue_number: 999 }))).status).toBe(404);
    // Someone without access to the private repository cannot tell its issues exist.
    expect((await rejection(dave.rest.issues.get({ ...repo, issue_number: 2 }))).status).toBe(404);

    // Pull requests continue the issues' numbers and show up in the issues API, marked.
    const { data: main } = await alice.rest.git.getRef({ ...repo, ref: 'heads/main' });
    const branch = `issues-check-${Date.now()}`;
    await alice.rest.git.createRef({ ...repo, ref: `refs/heads/${branch}`, sha: main.object.sha });
    await alice.rest.repos.createOrUpdateFileContents({ ...repo, branch, path: 'notes.md', message: 'Notes', content: Buffer.from('n\n').toString('base64') });
    const { data: pull } = await alice.rest.pulls.create({ ...repo, head: branch, base: 'main', title: 'Notes', body: 'Fixes #1' });
    expect(pull.number).toBeGreaterThan(4);
    const { data: asIssue } = await alice.rest.issues.get({ ...repo, issue_number: pull.number });
    expect(asIssue.pull_request?.html_url).toBe(pull.html_url);
    expect(asIssue.body).toBe('Fixes #1');
    const { data: listed } = await alice.rest.issues.listForRepo(repo);
    expect(listed.find((i) => i.number === pull.number)?.pull_request).toBeDefined();
  });
});
