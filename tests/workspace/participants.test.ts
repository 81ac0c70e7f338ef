import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { branchAgentsHandlers } from '@/app/api/workspace/agents/handlers';
import type { BranchAgentView } from '@/lib/agents/branch-agents';
import { createAgent } from '@/lib/agents/create';
import { startAgentWorker } from '@/lib/agents/worker';
import { createGuards, type SessionUser } from '@/lib/auth/guard';
import { githubClientForUser } from '@/lib/github/client';
import { createBranch } from '@/lib/github/repos';
import { BranchWorkspace } from '@/lib/llm/workspace';
import type { PgListener, RealtimeChannel } from '@/lib/realtime/listener';
import { describeActivity, participantStepOf } from '@/lib/workspace/activity';
import {
  type EventsPage,
  type PresenceEntry,
  type PresenceMessage,
  STREAM_EVENT,
  type WorkspaceBranch,
  type WorkspaceEventView,
} from '@/lib/workspace/collab-protocol';
import { trackParticipant } from '@/lib/workspace/participant-steps';
import { agentLabel, joinBranch, leaveBranch, liveChatLabel, liveChatParticipantId, moveParticipant, type NewParticipant } from '@/lib/workspace/participants';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startTestGitHub, type TestGitHub } from '../support/github';
import { readSse } from '../support/sse-client';
import { signInUser } from '../support/users';
import { asQuery, freshBranch, testListener, testPresenceWriter, workspaceRoutes } from './support';

let github: TestGitHub;
let database: TestDatabase;
let listener: PgListener<RealtimeChannel>;
const users: Record<string, SessionUser> = {};
const as = (login: string) => workspaceRoutes(users[login]!, database.db, listener);

beforeAll(async () => {
  github = await startTestGitHub();
  database = await createTestDatabase();
  listener = testListener(database.url);
  await listener.ready;
  for (const login of ['alice', 'bob', 'carol', 'dave']) users[login] = await signInUser(github, database.db, login);
});

afterAll(async () => {
  if (database) await testPresenceWriter(database.db).close();
  await listener?.close();
  await database?.drop();
  await github?.close();
});

const agentOn = (branch: WorkspaceBranch, agentId: string): NewParticipant => ({
  ...branch,
  id: `agent:${agentId}`,
  kind: 'agent',
  userId: users.alice!.id,
  agentId,
  label: agentLabel('Fix login [scenario:agent-slow-edit]\nand more'),
  page: 'code',
});
const presenceOf = async (branch: WorkspaceBranch) =>
  ((await (await as('carol').getPresence(asQuery(branch))).json()) as { users: PresenceEntry[] }).users;
const eventsOf = async (branch: WorkspaceBranch) => ((await (await as('carol').getEvents(asQuery(branch))).json()) as EventsPage).events;

describe('agents and Live Chat turns as participants of a branch', () => {
  it('are listed with people, with their label, position and pending change, and leave when the turn ends', async () => {
    const branch = freshBranch();
    await as('bob').putPresence({ ...branch, page: 'code' });
    await joinBranch(database.db, agentOn(branch, 'a1'));
    await moveParticipant(database.db, 'agent:a1', {
      path: 'README.md',
      activity: 'editing README.md',
      pending: { path: 'README.md', before: '# Old', after: '# New', truncated: false, binary: false },
    });

    const listed = await presenceOf(branch);
    expect(listed.map((entry) => entry.user.id)).toEqual([users.bob!.id, 'agent:a1']);
    expect(listed[1]).toMatchObject({
      user: { id: 'agent:a1', name: "Agent 'Fix login'" },
      participant: {
        kind: 'agent',
        label: "Agent 'Fix login'",
        ownerId: users.alice!.id,
        agentId: 'a1',
        activity: 'editing README.md',
        path: 'README.md',
        pending: { path: 'README.md', before: '# Old', after: '# New' },
      },
      page: 'code',
      online: true,
    });
    expect(listed[0]!.participant).toBeUndefined();

    // A turn whose process died (no heartbeat for 30 s) is no longer listed.
    await sql`UPDATE branch_participants SET heartbeat_at = now() - interval '31 seconds' WHERE id = 'agent:a1'`.execute(database.db);
    expect((await presenceOf(branch)).map((entry) => entry.user.id)).toEqual([users.bob!.id]);
    await moveParticipant(database.db, 'agent:a1', {});
    expect(await presenceOf(branch)).toHaveLength(2);

    await leaveBranch(database.db, 'agent:a1');
    expect((await presenceOf(branch)).map((entry) => entry.user.id)).toEqual([users.bob!.id]);
  });

  it('reach open streams live: joining, moving and leaving', async () => {
    const branch = freshBranch();
    const stream = readSse(await as('carol').openStream(asQuery(branch)));
    await listener.ready;
    const presence = () => stream.events.filter((e) => e.event === 'presence').map((e) => JSON.parse(e.data) as PresenceMessage);
    const id = liveChatParticipantId(users.alice!.id, branch);
    await joinBranch(database.db, { ...agentOn(branch, 'a2'), kind: 'live-chat', id, agentId: null, label: liveChatLabel({ name: 'Alice Anderson', login: 'alice' }) });
    await stream.until(() => presence().some((m) => 'user' in m && m.participant?.label === "Alice Anderson's Live Chat"));
    await moveParticipant(database.db, id, { path: 'src/main.ts', activity: 'reading src/main.ts' });
    await stream.until(() => presence().some((m) => 'user' in m && m.participant?.activity === 'reading src/main.ts'));
    await leaveBranch(database.db, id);
    await stream.until(() => presence().some((m) => 'gone' in m && m.userId === id));
    await stream.cancel();
  });

  it("keep a person's Live Chat turns on two branches apart", async () => {
    const [one, two] = [freshBranch(), freshBranch()];
    const chatOn = (branch: WorkspaceBranch): NewParticipant => ({ ...agentOn(branch, 'x'), kind: 'live-chat', id: liveChatParticipantId(users.bob!.id, branch), agentId: null, label: "Bob Brown's Live Chat" });
    await joinBranch(database.db, chatOn(one));
    await joinBranch(database.db, chatOn(two));
    await leaveBranch(database.db, liveChatParticipantId(users.bob!.id, one));
    expect(await presenceOf(one)).toEqual([]);
    expect((await presenceOf(two)).map((entry) => entry.participant?.label)).toEqual(["Bob Brown's Live Chat"]);
  });

  it("follow a turn's steps: its position and pending change, its edits and commands in the activity feed once each", async () => {
    const branch = freshBranch();
    const workspace = new BranchWorkspace({ ...branch, sha: null }, new Map([['README.md', Buffer.from('# Sample Game\n')]]));
    const tracker = await trackParticipant(database.db, agentOn(branch, 'a3'), { workspace, turn: 'a3#1' });
    tracker.onStep({ type: 'tool_call', id: 't1', name: 'read_file', input: { path: 'README.md' } });
    tracker.onStep({ type: 'tool_result', id: 't1', name: 'read_file', output: '1\t# Sample Game', isError: false });
    for (const id of ['t2', 't3']) {
      tracker.onStep({ type: 'tool_call', id, name: 'edit_file', input: { path: 'README.md', old_string: 'Game', new_string: 'Game!' } });
      workspace.write('README.md', id === 't2' ? '# Sample Game!\n' : '# Sample Game!!\n');
      tracker.onStep({ type: 'tool_result', id, name: 'edit_file', output: 'Edited README.md', isError: false });
    }
    const command = {
      command: 'npm test',
      cwd: '',
      exitCode: 0,
      durationMs: 1200,
      limit: null,
      limitMessage: null,
      cancelled: false,
      outputBytes: 10,
      changes: { created: [], modified: [], deleted: [] },
      isTest: true,
    };
    tracker.onStep({ type: 'tool_call', id: 't4', name: 'run_command', input: { command: 'npm test' } });
    tracker.onStep({ type: 'tool_result', id: 't4', name: 'run_command', output: 'ok', isError: false, command });

    await expect.poll(async () => (await presenceOf(branch))[0]?.participant?.activity).toBe('running `npm test`');
    const [entry] = await presenceOf(branch);
    expect(entry!.participant).toMatchObject({ path: 'README.md', pending: { path: 'README.md', before: '# Sample Game\n', after: '# Sample Game!!\n', truncated: false } });

    // The command's step is written after its position: wait for it too.
    await expect.poll(async () => (await eventsOf(branch)).filter((event) => participantStepOf(event)).length).toBe(2);
    const steps = (await eventsOf(branch)).filter((event) => participantStepOf(event));
    expect(steps.map(describeActivity)).toEqual(["Agent 'Fix login' is editing README.md", "Agent 'Fix login' ran `npm test`: passed"]);
    expect(steps.map((event) => participantStepOf(event)!.turn)).toEqual(['a3#1', 'a3#1']);
    expect(steps[0]).toMatchObject({ path: 'README.md', user: { id: users.alice!.id } });

    await tracker.leave();
    expect(await presenceOf(branch)).toEqual([]);
  });

  it("tell of a binary file's pending change without its content", async () => {
    const branch = freshBranch();
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
    const workspace = new BranchWorkspace({ ...branch, sha: null }, new Map([['sprites/hero.png', png]]));
    const tracker = await trackParticipant(database.db, agentOn(branch, 'a4'), { workspace, turn: 'a4#1' });
    tracker.onStep({ type: 'tool_call', id: 't1', name: 'write_file', input: { path: 'sprites/hero.png', content: 'x' } });
    workspace.write('sprites/hero.png', new Uint8Array([...png, 1, 0, 2]));
    tracker.onStep({ type: 'tool_result', id: 't1', name: 'write_file', output: 'Wrote sprites/hero.png', isError: false });
    await expect.poll(async () => (await presenceOf(branch))[0]?.participant?.pending).toEqual({
      path: 'sprites/hero.png',
      before: null,
      after: null,
      truncated: false,
      binary: true,
    });
    await tracker.leave();
  });

  it('cannot be posted by a client as an event', async () => {
    const branch = freshBranch();
    const forged = await as('bob').postEvent({ ...branch, type: 'participant_step', payload: { text: 'is editing README.md' } });
    expect(forged.status).toBe(400);
  });
});

describe("the workspace's agents panel API", () => {
  const routes = (login: string) => {
    const { withRepoAccess } = createGuards({ resolveUser: async () => users[login]!, db: () => database.db, trustProxy: () => false });
    const handlers = branchAgentsHandlers({ withRepoAccess, db: () => database.db, listener: () => listener, presence: () => testPresenceWriter(database.db) });
    const init = (body: unknown) => ({
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://app.test', host: 'app.test' },
      body: JSON.stringify(body),
    });
    const params = (agentId: string) => ({ params: Promise.resolve({ agentId }) });
    return {
      list: (branch: WorkspaceBranch) =>
        handlers.GET(new Request(`http://app.test/api/workspace/agents?${new URLSearchParams(asQuery(branch))}`), { params: Promise.resolve({}) }),
      start: (body: unknown) => handlers.POST(new Request('http://app.test/api/workspace/agents', init(body)), { params: Promise.resolve({}) }),
      followUp: (agentId: string, content: string) =>
        handlers.followUp(new Request(`http://app.test/api/workspace/agents/${agentId}/messages`, init({ content })), params(agentId)),
      cancel: (agentId: string) => handlers.cancel(new Request(`http://app.test/api/workspace/agents/${agentId}/cancel`, init({})), params(agentId)),
    };
  };

  it('starts an agent on the branch itself; readers see it but may not steer it; writers follow it up and stop it', async () => {
    const branch = { owner: 'alice', repo: 'sample-game', branch: 'develop' };
    expect((await routes('carol').start({ ...branch, taskRequest: 'Tidy up' })).status).toBe(403);
    const started = await routes('bob').start({ ...branch, taskRequest: 'Tidy up the README' });
    expect(started.status).toBe(201);
    const { agent } = (await started.json()) as { agent: { id: string; branch: string; baseBranch: string } };
    expect(agent).toMatchObject({ branch: 'develop', baseBranch: 'develop' });

    const listed = (await (await routes('carol').list(branch)).json()) as { agents: Array<{ id: string; startedBy: string; status: string }> };
    expect(listed.agents).toEqual([expect.objectContaining({ id: agent.id, startedBy: 'Bob Brown', status: 'queued', active: true })]);
    expect((await routes('dave').list(branch)).status).toBe(404);

    const refused = await routes('carol').followUp(agent.id, 'Also fix typos');
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('forbidden');
    expect((await routes('carol').cancel(agent.id)).status).toBe(403);
    expect((await routes('dave').cancel(agent.id)).status).toBe(404);

    expect((await routes('alice').followUp(agent.id, 'Also fix typos')).status).toBe(204);
    const messages = await database.db.selectFrom('agent_messages').select('content').where('agent_id', '=', agent.id).orderBy('id').execute();
    expect(messages.map((m) => m.content)).toEqual(['Tidy up the README', 'Also fix typos']);
    expect((await routes('bob').followUp(agent.id, '   ')).status).toBe(400);

    expect((await routes('alice').cancel(agent.id)).status).toBe(204);
    expect((await database.db.selectFrom('agents').select('status').where('id', '=', agent.id).executeTakeFirstOrThrow()).status).toBe('cancelled');
    // A stopped agent stays listed a while, no longer active.
    expect(((await (await routes('carol').list(branch)).json()) as { agents: unknown[] }).agents).toEqual([
      expect.objectContaining({ id: agent.id, status: 'cancelled', active: false }),
    ]);
    await sql`UPDATE agents SET updated_at = now() - interval '31 minutes' WHERE id = ${agent.id}`.execute(database.db);
    expect(((await (await routes('carol').list(branch)).json()) as { agents: unknown[] }).agents).toEqual([]);
    expect((await routes('bob').cancel('no-such-agent')).status).toBe(404);
  });

  it("tells each status change of an agent on its branch's stream once recorded, so a panel reading the list then sees it", async () => {
    const branch = freshBranch();
    await createBranch(githubClientForUser(database.db, users.alice!.id), { owner: branch.owner, repo: branch.repo, baseBranch: 'main', newBranch: branch.branch });
    const stream = readSse(await as('carol').openStream(asQuery(branch)));
    await listener.ready;
    const statusSteps = () =>
      stream.events.flatMap((e) => (e.event === STREAM_EVENT.workspaceEvent ? [JSON.parse(e.data) as WorkspaceEventView] : [])).filter((e) => participantStepOf(e)?.status);
    /** Waits for the step telling `status`, then reads the agent as the panel would. */
    const listedOnStep = async (status: string) => {
      await stream.until(() => statusSteps().some((e) => participantStepOf(e)!.status === status));
      const { agents } = (await (await routes('carol').list(branch)).json()) as { agents: BranchAgentView[] };
      return agents.find((agent) => agent.id === started.id);
    };

    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const startedResponse = await routes('bob').start({ ...branch, taskRequest: 'Tidy up the README' });
    const started = ((await startedResponse.json()) as { agent: { id: string } }).agent;
    expect(await listedOnStep('queued')).toMatchObject({ status: 'queued' });
    const worker = await startAgentWorker({
      connectionString: database.url,
      db: database.db,
      pollIntervalMs: 50,
      // Other tests' agents in this database end at once; this one works until the test lets it go.
      runTurn: async ({ agent }) => {
        if (agent.id === started.id) await held;
        return { commit: null, cancelled: agent.id === started.id, inputTokens: 0, outputTokens: 0, costUsd: 0 };
      },
    });
    try {
      expect(await listedOnStep('running')).toMatchObject({ status: 'running', cancelRequested: false });
      expect((await routes('alice').cancel(started.id)).status).toBe(204);
      expect(await listedOnStep('stopping')).toMatchObject({ status: 'running', cancelRequested: true });
      release();
      expect(await listedOnStep('cancelled')).toMatchObject({ status: 'cancelled', active: false });
    } finally {
      release();
      await worker.stop();
      await stream.cancel();
    }
    expect(statusSteps().map(describeActivity)).toEqual([
      "Agent 'Tidy up the README' is queued",
      "Agent 'Tidy up the README' started working",
      "Agent 'Tidy up the README' is stopping",
      "Agent 'Tidy up the README' was stopped",
    ]);
    expect(statusSteps()[0]).toMatchObject({ user: { id: users.bob!.id }, payload: { agentId: started.id, participantId: `agent:${started.id}` } });
  });

  it('creates agents on their own new branch when no branch is given, as before', async () => {
    const client = githubClientForUser(database.db, users.alice!.id);
    const agent = await createAgent(database.db, client, users.alice!.id, { owner: 'alice', repo: 'sample-game', baseBranch: 'main', taskRequest: 'Something new' });
    expect(agent.branch).not.toBe('main');
    expect(agent.base_branch).toBe('main');
  });
});
