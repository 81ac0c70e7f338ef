import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '@/lib/auth/guard';
import { branchHead } from '@/lib/github/repos';
import { commitToBranch } from '@/lib/workspace/commit';
import { TurnRateLimiter } from '@/lib/live-chat/rate-limit';
import { type ChatMessageView, partsOf } from '@/lib/live-chat/protocol';
import { anthropicClient, llmSettings } from '@/lib/llm/client';
import type { LocalObjectStore } from '@/lib/storage';
import { startTestAnthropic, type TestAnthropic } from '../support/anthropic';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startTestGitHub, type TestGitHub } from '../support/github';
import { readSse } from '../support/sse-client';
import { signInUser } from '../support/users';
import {
  type ChatDepsOverrides,
  chatRoutes,
  errorOf,
  freshBranch,
  githubOf,
  historyOf,
  OWNER,
  REPO,
  runTurn,
  tempStore,
  turnEvents,
} from './support';

let github: TestGitHub;
let anthropic: TestAnthropic;
let database: TestDatabase;
let store: LocalObjectStore;
let removeStore: () => Promise<void>;
const users: Record<string, SessionUser> = {};
const llm = () => ({ client: anthropicClient(), settings: llmSettings() });
const as = (login: string | null, overrides: ChatDepsOverrides = {}) =>
  chatRoutes(login ? users[login]! : null, database.db, store, { llm, ...overrides });

// A 1×1 PNG.
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

beforeAll(async () => {
  github = await startTestGitHub();
  anthropic = await startTestAnthropic();
  database = await createTestDatabase();
  ({ store, remove: removeStore } = await tempStore());
  for (const login of ['alice', 'bob', 'carol', 'dave']) users[login] = await signInUser(github, database.db, login);
});

afterAll(async () => {
  await database?.drop();
  await anthropic?.close();
  await github?.close();
  await removeStore?.();
});

const headOf = async (branch: string) => branchHead(await githubOf(database.db, users.alice!.id), OWNER, REPO, branch);
async function fileOn(branch: string, path: string): Promise<string | null> {
  const client = await githubOf(database.db, users.alice!.id);
  try {
    const { data } = await client.rest.repos.getContent({ owner: OWNER, repo: REPO, path, ref: branch });
    return Buffer.from((data as { content: string }).content, 'base64').toString();
  } catch {
    return null;
  }
}

/** Bob saves files on the branch from the code editor, as the collaboration layer logs it. */
async function bobCommits(branch: string, expectedHeadSha: string, changes: Array<{ path: string; content: string }>) {
  const committed = await commitToBranch(database.db, await githubOf(database.db, users.bob!.id), users.bob!.id, {
    owner: OWNER,
    repo: REPO,
    branch,
    expectedHeadSha,
    changes,
    message: 'Bob saves',
    page: 'code',
  });
  expect(committed.status).toBe('committed');
}

describe('history', () => {
  it('keeps each user their own messages per branch, in order, and clears them', async () => {
    const branch = await freshBranch(database.db, users.alice!.id);
    const posted = await as('alice').post(branch, { content: '  First question  ' });
    expect(posted.status).toBe(201);
    expect(((await posted.json()) as { message: ChatMessageView }).message).toMatchObject({ role: 'user', content: 'First question', parts: [] });
    await as('alice').post(branch, { content: 'Second question' });
    await as('bob').post(branch, { content: "Bob's question" });

    expect((await historyOf(as('alice'), branch)).map((message) => message.content)).toEqual(['First question', 'Second question']);
    expect((await historyOf(as('bob'), branch)).map((message) => message.content)).toEqual(["Bob's question"]);
    expect(await historyOf(as('alice'), `${branch}-other`)).toEqual([]);

    const cleared = await as('alice').clear(branch);
    expect(await cleared.json()).toEqual({ deleted: 2 });
    expect(await historyOf(as('alice'), branch)).toEqual([]);
    expect(await historyOf(as('bob'), branch)).toHaveLength(1);
  });

  it('is a 404 for users without access, read-only for readers, and a 401 when signed out', async () => {
    const branch = await freshBranch(database.db, users.alice!.id);
    const sha = 'a'.repeat(40);
    const calls = (login: string | null) => {
      const routes = as(login);
      return [
        routes.history(branch),
        routes.post(branch, { content: 'hi' }),
        routes.clear(branch),
        routes.execute(branch),
        routes.revert(branch, sha),
        routes.image(branch, '00000000-0000-4000-8000-000000000000'),
      ];
    };
    for (const response of await Promise.all(calls('dave'))) {
      expect(await errorOf(response)).toEqual({
        status: 404,
        code: 'not_found',
        message: 'Repository alice/sample-game was not found, or you do not have access to it.',
      });
    }
    for (const response of await Promise.all(calls(null))) expect(response.status).toBe(401);

    const carol = as('carol');
    expect((await carol.history(branch)).status).toBe(200);
    for (const response of [await carol.post(branch, { content: 'hi' }), await carol.execute(branch), await carol.revert(branch, sha)]) {
      expect(await errorOf(response)).toEqual({
        status: 403,
        code: 'forbidden',
        message: 'You have read-only access to alice/sample-game; this needs write permission.',
      });
    }
  });

  it('refuses bad input with a clear 400 and stores nothing', async () => {
    const branch = await freshBranch(database.db, users.alice!.id);
    const cases: Array<[unknown, string]> = [
      [{ content: '   ' }, 'content: Write a message (or paste an image).'],
      [{ content: 'x'.repeat(20_001) }, 'under 20,000 characters'],
      [{ content: 'hi', attachment: { path: '../etc/passwd' } }, 'attachment.path: A path cannot contain ".."'],
      [{ content: 'hi', attachment: { path: 'README.md', endLine: 3 } }, 'endLine needs a startLine'],
      [{ content: 'hi', attachment: { path: 'README.md', startLine: 5, endLine: 2 } }, 'endLine must not be before startLine'],
      [{ content: 'hi', attachment: { path: 'no/such/file.md' } }, 'There is no file "no/such/file.md" on the branch'],
      [{ content: 'hi', attachment: { path: 'README.md', startLine: 1, endLine: 100_000 } }, 'README.md has'],
      [{ content: 'hi', images: [{ data: 'not base64!' }] }, 'images.0.data: must be base64'],
      [{ content: 'hi', images: [{ data: Buffer.from('plain text').toString('base64') }] }, 'Image 1 is not a PNG, JPEG, GIF or WebP image.'],
      [{ content: 'hi', images: [PNG, PNG, PNG, PNG].map((data) => ({ data })) }, 'Attach at most 3 images.'],
      [{ content: 'hi', extra: true }, 'Unrecognized key'],
      ['{not json', 'not valid JSON'],
    ];
    for (const [body, message] of cases) {
      const error = await errorOf(await as('alice').post(branch, body));
      expect(error.status, message).toBe(400);
      expect(error.message).toContain(message);
    }
    expect(await historyOf(as('alice'), branch)).toEqual([]);
    expect((await as('alice').history('bad..branch')).status).toBe(400);
    for (const response of [await as('alice').post('no-such-branch', { content: 'hi' }), await as('alice').execute('no-such-branch')]) {
      expect(await errorOf(response)).toEqual({ status: 404, code: 'not_found', message: 'The branch "no-such-branch" does not exist in alice/sample-game.' });
    }
    expect((await as('alice').execute(branch, { page: 'nowhere' })).status).toBe(400);
  });

  it('round-trips branch names with "/" and "%" exactly, from the raw path', async () => {
    const branch = await freshBranch(database.db, users.alice!.id, 'chat/100%');
    expect((await as('alice').post(branch, { content: 'percent' })).status).toBe(201);
    const [row] = await database.db.selectFrom('live_chat_messages').select('branch').where('content', '=', 'percent').execute();
    expect(row!.branch).toBe(branch);
    expect((await historyOf(as('alice'), branch)).map((message) => message.content)).toEqual(['percent']);
  });

  it('deletes messages older than the retention when history is read or written, with their images', async () => {
    const branch = await freshBranch(database.db, users.alice!.id);
    const routes = as('alice', { retentionDays: 2 });
    const old = ((await (await routes.post(branch, { content: 'old', images: [{ data: PNG }] })).json()) as { message: ChatMessageView }).message;
    await routes.post(branch, { content: 'recent' });
    const [image] = partsOf(old, 'image');
    expect((await routes.image(branch, image!.id)).status).toBe(200);

    await sql`UPDATE live_chat_messages SET created_at = now() - interval '3 days' WHERE id = ${old.id}`.execute(database.db);
    expect((await historyOf(routes, branch)).map((message) => message.content)).toEqual(['recent']);
    expect((await routes.image(branch, image!.id)).status).toBe(404);

    // 0 days: kept until cleared.
    await sql`UPDATE live_chat_messages SET created_at = now() - interval '3000 days' WHERE branch = ${branch}`.execute(database.db);
    expect((await historyOf(as('alice', { retentionDays: 0 }), branch)).map((message) => message.content)).toEqual(['recent']);
  });
});

describe('a turn', () => {
  it('streams text and tool steps, commits its edit once as the user, and is stored as streamed', async () => {
    const branch = await freshBranch(database.db, users.alice!.id);
    const before = await headOf(branch);
    await as('alice').post(branch, { content: 'Make the README friendlier [scenario:edit-readme]' });
    const events = await runTurn(as('alice'), branch);

    const names = events.map((event) => event.event);
    expect(names[0]).toBe('start');
    expect(names.filter((name) => name === 'tool_call')).toHaveLength(3);
    expect(names.filter((name) => name === 'tool_result')).toHaveLength(3);
    expect(names.filter((name) => name === 'commit')).toHaveLength(1);
    expect(names.at(-1)).toBe('done');
    expect(names.indexOf('text')).toBeLessThan(names.indexOf('tool_call'));
    const streamedText = events.flatMap((event) => (event.event === 'text' ? [event.data.text] : [])).join('');
    expect(streamedText).toContain('the README now calls the game');

    // One commit on the branch, by alice, with the scripted edit, announced on the activity log.
    const client = await githubOf(database.db, users.alice!.id);
    const { data: commits } = await client.rest.repos.listCommits({ owner: OWNER, repo: REPO, sha: branch, per_page: 5 });
    expect(commits[1]!.sha).toBe(before);
    expect(commits[0]!.commit.message.split('\n')[0]).toBe('Live Chat: Make the README friendlier [scenario:edit-readme]');
    expect(commits[0]!.commit.author).toMatchObject({ name: 'Alice Anderson', email: 'alice@example.com' });
    expect(await fileOn(branch, 'README.md')).toContain('A tiny, friendly platformer used as');
    const activity = await database.db.selectFrom('workspace_events').select(['event_type', 'path', 'page', 'payload']).where('branch', '=', branch).orderBy('id').execute();
    expect(activity).toContainEqual(expect.objectContaining({ event_type: 'chat_commit', path: 'README.md', page: 'chat' }));
    // While it worked, the turn was on the branch as Alice's Live Chat: its edit was logged as it happened; it left.
    const steps = activity.filter((event) => event.event_type === 'participant_step');
    expect(steps.map((event) => event.payload)).toEqual([
      expect.objectContaining({ kind: 'live-chat', label: "Alice Anderson's Live Chat", text: 'is editing README.md', participantId: `live-chat:${users.alice!.id}:${OWNER}/${REPO}/${branch}` }),
    ]);
    expect(activity.findIndex((event) => event.event_type === 'participant_step')).toBeLessThan(activity.findIndex((event) => event.event_type === 'chat_commit'));
    expect(await database.db.selectFrom('branch_participants').selectAll().where('branch', '=', branch).execute()).toEqual([]);

    const done = events.at(-1)!;
    const answer = (done.data as { message: ChatMessageView }).message;
    expect(answer.content).toBe(streamedText);
    expect(partsOf(answer, 'tool').map((part) => [part.name, part.isError])).toEqual([
      ['list_files', false],
      ['read_file', false],
      ['edit_file', false],
    ]);
    const [commit] = partsOf(answer, 'commit');
    expect(commit).toMatchObject({ sha: commits[0]!.sha, parentSha: before, message: commits[0]!.commit.message.split('\n')[0] });
    expect(commit!.url).toBe(`${process.env.GITHUB_URL}/alice/sample-game/commit/${commits[0]!.sha}`);
    expect(commit!.files).toEqual([expect.objectContaining({ path: 'README.md', change: 'edit', additions: 1, deletions: 1 })]);
    expect(commit!.files[0]!.patch).toContain('+A tiny, friendly platformer used as');
    expect(partsOf(answer, 'result')[0]).toMatchObject({ status: 'completed' });
    expect(partsOf(answer, 'result')[0]!.costUsd).toBeGreaterThan(0);

    const history = await historyOf(as('alice'), branch);
    expect(history.map((message) => message.role)).toEqual(['user', 'assistant']);
    expect(history[1]).toEqual(answer);

    // Nothing new to answer until the user writes again.
    expect(await errorOf(await as('alice').execute(branch))).toMatchObject({ status: 409, message: 'There is no new message to answer: send a message first.' });
  });

  it('tells the model the branch and page, and sends attachments and pasted images with the message', async () => {
    const branch = await freshBranch(database.db, users.alice!.id);
    const { lastSeq } = await anthropic.control.requests();
    const posted = await as('alice').post(branch, {
      content: 'What is this? [scenario:plain-text]',
      attachment: { path: 'README.md', startLine: 1, endLine: 1 },
      images: [{ data: PNG }],
    });
    expect(posted.status).toBe(201);
    const message = ((await posted.json()) as { message: ChatMessageView }).message;
    expect(message.parts).toEqual([
      { type: 'attachment', path: 'README.md', startLine: 1, endLine: 1 },
      { type: 'image', id: expect.any(String), mediaType: 'image/png', size: Buffer.from(PNG, 'base64').length },
    ]);
    const image = await as('alice').image(branch, partsOf(message, 'image')[0]!.id);
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await image.arrayBuffer()).equals(Buffer.from(PNG, 'base64'))).toBe(true);
    expect((await as('bob').image(branch, partsOf(message, 'image')[0]!.id)).status).toBe(404);

    await runTurn(as('alice'), branch);
    const [request] = (await anthropic.control.requests(lastSeq)).requests;
    const body = request!.body as { system: Array<{ text: string }>; messages: Array<{ role: string; content: Array<Record<string, unknown>> }> };
    expect(body.system[0]!.text).toContain(`branch "${branch}"`);
    expect(body.system[0]!.text).toContain('The user is on the chat page of the workspace.');
    expect(body.system[0]!.text).toContain('They have README.md open in the editor. They selected lines 1–1 of it.');
    const [user] = body.messages;
    expect(user!.content[0]).toEqual({ type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } });
    expect(user!.content[1]).toMatchObject({ type: 'text', text: expect.stringMatching(/^The user attached README\.md \(line 1\):\n\n```\n# Sample Game\n```$/) });
    expect(user!.content[2]).toEqual({ type: 'text', text: 'What is this? [scenario:plain-text]' });
  });

  it('continues the conversation: earlier turns are summarized for the model', async () => {
    const branch = await freshBranch(database.db, users.alice!.id);
    await as('alice').post(branch, { content: 'Edit please [scenario:edit-readme]' });
    await runTurn(as('alice'), branch);
    const { lastSeq } = await anthropic.control.requests();
    await as('alice').post(branch, { content: 'And now? [scenario:plain-text]' });
    await runTurn(as('alice'), branch);
    const [request] = (await anthropic.control.requests(lastSeq)).requests;
    const messages = (request!.body as { messages: Array<{ role: string; content: Array<{ type: string; text?: string }> }> }).messages;
    expect(messages.map((message) => message.role)).toEqual(['user', 'assistant', 'user']);
    expect(messages[1]!.content[0]!.text).toMatch(/\[Used: list_files, read_file README\.md, edit_file README\.md\]\n\n\[Committed [0-9a-f]{7} "Live Chat: Edit please/);
  });

  it('commits nothing when stopped, and the branch is free for the next turn', async () => {
    const branch = await freshBranch(database.db, users.alice!.id);
    const before = await headOf(branch);
    await as('alice').post(branch, { content: 'Retitle slowly [scenario:slow-edit]' });
    const response = await as('alice').execute(branch);
    const reader = readSse(response);
    // The edit is made in the turn's workspace, then the long answer streams: stop in the middle of it.
    await reader.until((events) => events.some((event) => event.event === 'tool_result') && events.filter((event) => event.event === 'text').length >= 3);
    await reader.cancel();

    await expect.poll(async () => partsOf((await historyOf(as('alice'), branch)).at(-1)!, 'result')[0]?.status, { timeout: 10_000 }).toBe('aborted');
    const stopped = (await historyOf(as('alice'), branch)).at(-1)!;
    expect(partsOf(stopped, 'commit')).toEqual([]);
    expect(partsOf(stopped, 'tool')).toMatchObject([{ name: 'edit_file', isError: false }]);
    expect(stopped.content).toMatch(/^I changed the /);
    expect(turnEvents(reader).some((event) => event.event === 'commit')).toBe(false);
    expect(await headOf(branch)).toBe(before);
    expect(await fileOn(branch, 'README.md')).not.toContain('edited slowly');
    // The model's stream was cut as well.
    const { requests } = await anthropic.control.requests();
    expect(requests.at(-1)).toMatchObject({ scenario: 'slow-edit', completed: false });

    await as('alice').post(branch, { content: 'Never mind [scenario:plain-text]' });
    const events = await runTurn(as('alice'), branch);
    expect(events.at(-1)).toMatchObject({ event: 'done' });
  });

  it('runs one turn at a time per branch, and takes over a turn left running by a dead process', async () => {
    const branch = await freshBranch(database.db, users.alice!.id);
    await as('alice').post(branch, { content: 'Slow one [scenario:slow-edit]' });
    const first = readSse(await as('alice').execute(branch));
    await first.until((events) => events.some((event) => event.event === 'start'));
    await as('alice').post(branch, { content: 'Another one' });
    expect(await errorOf(await as('alice').execute(branch))).toMatchObject({ status: 409, message: expect.stringContaining('still answering') });
    await first.cancel();
    await expect.poll(async () => partsOf((await historyOf(as('alice'), branch))[1]!, 'result')[0]?.status, { timeout: 10_000 }).toBe('aborted');

    // A process that died mid-turn leaves an assistant message without a result.
    const thread = { owner: OWNER, repo: REPO, branch, user_id: users.alice!.id };
    await database.db.insertInto('live_chat_messages').values({ ...thread, role: 'assistant', content: 'half an answer', tool_calls: '[]' }).execute();
    await as('alice').post(branch, { content: 'Hello again [scenario:plain-text]' });
    expect((await as('alice').execute(branch)).status).toBe(409);
    await sql`UPDATE live_chat_messages SET created_at = now() - interval '12 minutes' WHERE content = 'half an answer'`.execute(database.db);
    expect((await runTurn(as('alice'), branch)).at(-1)).toMatchObject({ event: 'done' });
    const history = await historyOf(as('alice'), branch);
    expect(partsOf(history.find((message) => message.content === 'half an answer')!, 'result')[0]?.status).toBe('interrupted');
  });

  it('reports a conflict instead of overwriting when the branch changed the same file meanwhile', async () => {
    const branch = await freshBranch(database.db, users.alice!.id);
    await as('alice').post(branch, { content: 'Retitle [scenario:slow-edit]' });
    const reader = readSse(await as('alice').execute(branch));
    await reader.until((events) => events.some((event) => event.event === 'tool_result'));
    // Bob saves README.md while the assistant is still talking.
    await bobCommits(branch, (await headOf(branch))!, [{ path: 'README.md', content: '# Bob was here\n' }]);
    await reader.until(() => false, 20_000);
    const events = turnEvents(reader);
    expect(events.find((event) => event.event === 'error')?.data).toMatchObject({ code: 'conflict', message: expect.stringContaining('README.md changed on') });
    expect(events.some((event) => event.event === 'commit')).toBe(false);
    expect(await fileOn(branch, 'README.md')).toBe('# Bob was here\n');
  });

  it('is rate limited per user, with retry-after; refused turns do not count', async () => {
    const branch = await freshBranch(database.db, users.alice!.id);
    const limiter = new TurnRateLimiter(2, 600_000);
    const routes = as('alice', { limiter });
    expect((await routes.execute(branch)).status).toBe(409);
    for (const text of ['one', 'two']) {
      await routes.post(branch, { content: `${text} [scenario:plain-text]` });
      await runTurn(routes, branch);
    }
    await routes.post(branch, { content: 'three [scenario:plain-text]' });
    const refused = await routes.execute(branch);
    expect(refused.headers.get('retry-after')).toMatch(/^(599|600)$/);
    expect(await errorOf(refused)).toEqual({
      status: 429,
      code: 'rate_limited',
      message: expect.stringMatching(/^You started 2 Live Chat turns in the last 10 minutes, the most allowed\. Try again in 10 minutes\.$/),
    });
    // Another user has their own budget.
    await as('bob', { limiter }).post(branch, { content: 'bob [scenario:plain-text]' });
    expect((await runTurn(as('bob', { limiter }), branch)).at(-1)).toMatchObject({ event: 'done' });
  });
});

describe('revert', () => {
  it('restores exactly the files of a Live Chat commit with a new commit, once', async () => {
    const branch = await freshBranch(database.db, users.alice!.id);
    const original = await fileOn(branch, 'README.md');
    await as('alice').post(branch, { content: 'Add the controls page [scenario:write-file]' });
    await runTurn(as('alice'), branch);
    await as('alice').post(branch, { content: 'Friendlier README [scenario:edit-readme]' });
    const events = await runTurn(as('alice'), branch);
    const commit = events.find((event) => event.event === 'commit')!.data as { sha: string };

    const reverted = await as('alice').revert(branch, commit.sha);
    expect(reverted.status).toBe(201);
    const { message } = (await reverted.json()) as { message: ChatMessageView };
    expect(message).toMatchObject({ role: 'system', parts: [{ type: 'revert', revertedSha: commit.sha, parentSha: commit.sha }] });
    const [revert] = partsOf(message, 'revert');
    expect(revert!.files).toEqual([expect.objectContaining({ path: 'README.md', change: 'edit' })]);
    expect(await headOf(branch)).toBe(revert!.sha);
    expect(await fileOn(branch, 'README.md')).toBe(original);
    // The other turn's file stays.
    expect(await fileOn(branch, 'docs/CONTROLS.md')).not.toBeNull();
    const client = await githubOf(database.db, users.alice!.id);
    const { data } = await client.rest.git.getCommit({ owner: OWNER, repo: REPO, commit_sha: revert!.sha });
    expect(data.message).toBe(`Revert "Live Chat: Friendlier README [scenario:edit-readme]"\n\nThis reverts commit ${commit.sha}.`);
    expect(data.author).toMatchObject({ name: 'Alice Anderson', email: 'alice@example.com' });

    expect(await errorOf(await as('alice').revert(branch, commit.sha))).toMatchObject({ status: 409, message: expect.stringContaining('was already reverted') });
    expect((await historyOf(as('alice'), branch)).at(-1)).toEqual(message);
  });

  it('is told to the model with the next turn, which still answers the message sent before it', async () => {
    const branch = await freshBranch(database.db, users.alice!.id);
    await as('alice').post(branch, { content: 'Friendlier README [scenario:edit-readme]' });
    const commit = (await runTurn(as('alice'), branch)).find((event) => event.event === 'commit')!.data as { sha: string };
    await as('alice').post(branch, { content: 'Why did you pick that word? [scenario:plain-text]', attachment: { path: 'README.md' } });
    expect((await as('alice').revert(branch, commit.sha)).status).toBe(201);
    const { lastSeq } = await anthropic.control.requests();
    await runTurn(as('alice'), branch);
    const [request] = (await anthropic.control.requests(lastSeq)).requests;
    const body = request!.body as { system: Array<{ text: string }>; messages: Array<{ role: string; content: Array<{ type: string; text?: string }> }> };
    expect(body.system[0]!.text).toContain('They have README.md open in the editor.');
    const last = body.messages.at(-1)!;
    expect(last.role).toBe('user');
    expect(last.content.map((block) => block.text)).toEqual([
      expect.stringMatching(/^The user attached README\.md:\n\n```\n# Sample Game/),
      'Why did you pick that word? [scenario:plain-text]',
      `[The user reverted commit ${commit.sha.slice(0, 7)} (README.md) with commit ${(await headOf(branch))!.slice(0, 7)}.]`,
    ]);
  });

  it('deletes what the commit created, and keeps unrelated changes made since', async () => {
    const branch = await freshBranch(database.db, users.alice!.id);
    await as('alice').post(branch, { content: 'Controls page [scenario:write-file]' });
    const commit = (await runTurn(as('alice'), branch)).find((event) => event.event === 'commit')!.data as { sha: string };
    await bobCommits(branch, commit.sha, [{ path: 'notes/bob.txt', content: 'mine\n' }]);
    expect((await as('alice').revert(branch, commit.sha)).status).toBe(201);
    expect(await fileOn(branch, 'docs/CONTROLS.md')).toBeNull();
    expect(await fileOn(branch, 'notes/bob.txt')).toBe('mine\n');
  });

  it('is a conflict when the files changed since, and only for the user’s own Live Chat commits', async () => {
    const branch = await freshBranch(database.db, users.alice!.id);
    await as('alice').post(branch, { content: 'README [scenario:edit-readme]' });
    const commit = (await runTurn(as('alice'), branch)).find((event) => event.event === 'commit')!.data as { sha: string };
    await bobCommits(branch, commit.sha, [{ path: 'README.md', content: '# Bob rewrote it\n' }]);
    const head = await headOf(branch);
    expect(await errorOf(await as('alice').revert(branch, commit.sha))).toEqual({
      status: 409,
      code: 'conflict',
      message: `README.md changed on "${branch}" after commit ${commit.sha.slice(0, 7)}, so reverting it would overwrite those changes. Nothing was changed.`,
    });
    expect(await headOf(branch)).toBe(head);
    expect(await fileOn(branch, 'README.md')).toBe('# Bob rewrote it\n');

    expect(await errorOf(await as('bob').revert(branch, commit.sha))).toMatchObject({ status: 404, message: expect.stringContaining('is not one of your Live Chat commits') });
    expect((await as('alice').revert(branch, 'nope')).status).toBe(400);
  });
});
