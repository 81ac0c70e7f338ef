import { afterEach, describe, expect, it, vi } from 'vitest';
import { reconnectDelayMs } from '@/lib/realtime/client/backoff';
import { laterId, mergeEvents } from '@/lib/realtime/client/event-log';
import { applyPresence, idleMinutes, peopleOnline, type Roster } from '@/lib/realtime/client/presence-roster';
import { SerialThrottle } from '@/lib/realtime/client/serial-throttle';
import { changeCounts, changedPaths, changesFile, commitOf, describeActivity, describeFileChange, relativeTime, userColor } from '@/lib/workspace/activity';
import type { PresenceEntry, WorkspaceEventView } from '@/lib/workspace/collab-protocol';

const user = (id: string, name: string | null = null) => ({ id, login: id, name, avatarUrl: null });

function event(id: number, type: WorkspaceEventView['type'], fields: Partial<WorkspaceEventView> = {}): WorkspaceEventView {
  return { id: String(id), branch: 'main', type, page: null, path: null, payload: {}, createdAt: '2026-01-01T00:00:00.000Z', user: user('u1', 'Alice Anderson'), ...fields };
}

function presence(id: string, heartbeatAt: string, fields: Partial<PresenceEntry> = {}): PresenceEntry {
  return { user: user(id, id.toUpperCase()), page: 'code', cursor: null, selection: null, heartbeatAt, ageMs: 0, idleMs: 0, online: true, ...fields };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('reconnect backoff', () => {
  it('doubles from 0.5 s to at most 15 s, with jitter in the upper half', () => {
    expect(reconnectDelayMs(0, () => 0)).toBe(250);
    expect(reconnectDelayMs(0, () => 1)).toBe(500);
    expect(reconnectDelayMs(3, () => 1)).toBe(4_000);
    expect(reconnectDelayMs(20, () => 1)).toBe(15_000);
    expect(reconnectDelayMs(20, () => 0)).toBe(7_500);
  });
});

describe('SerialThrottle', () => {
  it('sends the first request at once, coalesces a burst into one trailing send, and never overlaps', async () => {
    vi.useFakeTimers();
    let running = 0;
    let maxRunning = 0;
    const starts: number[] = [];
    const throttle = new SerialThrottle(async () => {
      running += 1;
      maxRunning = Math.max(maxRunning, running);
      starts.push(Date.now());
      await new Promise((resolve) => setTimeout(resolve, 30));
      running -= 1;
    }, 100);
    const t0 = Date.now();
    for (let i = 0; i < 20; i++) {
      throttle.request();
      await vi.advanceTimersByTimeAsync(10);
    }
    await vi.advanceTimersByTimeAsync(500);
    expect(starts.map((start) => start - t0)).toEqual([0, 100, 200]);
    expect(maxRunning).toBe(1);
  });

  it('lets an immediate request skip the interval but not a send in flight, and stops for good', async () => {
    vi.useFakeTimers();
    const starts: number[] = [];
    const throttle = new SerialThrottle(async () => {
      starts.push(Date.now());
      await new Promise((resolve) => setTimeout(resolve, 30));
    }, 100);
    const t0 = Date.now();
    const startedAt = () => starts.map((start) => start - t0);
    throttle.request();
    await vi.advanceTimersByTimeAsync(50);
    throttle.request({ immediate: true });
    expect(startedAt()).toEqual([0, 50]);
    await vi.advanceTimersByTimeAsync(10);
    throttle.request({ immediate: true });
    await vi.advanceTimersByTimeAsync(20);
    expect(startedAt()).toEqual([0, 50, 80]);
    throttle.request();
    await vi.advanceTimersByTimeAsync(99);
    expect(startedAt()).toEqual([0, 50, 80]);
    await vi.advanceTimersByTimeAsync(1);
    expect(startedAt()).toEqual([0, 50, 80, 180]);
    throttle.request();
    throttle.stop();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(starts).toHaveLength(4);
  });
});

describe('presence roster', () => {
  it('keeps the newest heartbeat per user, whatever order stream and poll answers arrive in', () => {
    const newer = presence('bob', '2026-01-01T00:00:02.000Z', { cursor: { path: 'a.ts', line: 2, ch: 0 } });
    const older = presence('bob', '2026-01-01T00:00:01.000Z');
    let roster: Roster = new Map();
    roster = applyPresence(roster, newer, 1_000);
    const unchanged = applyPresence(roster, older, 2_000);
    expect(unchanged).toBe(roster);
    expect(roster.get('bob')!.cursor).toEqual({ path: 'a.ts', line: 2, ch: 0 });
    roster = applyPresence(roster, { userId: 'bob', gone: true }, 3_000);
    expect(roster.size).toBe(0);
  });

  it('lists other people online by name; someone whose heartbeat is 30 s old is gone', () => {
    let roster: Roster = new Map();
    roster = applyPresence(roster, presence('zoe', '2026-01-01T00:00:00.000Z', { ageMs: 5_000 }), 100_000);
    roster = applyPresence(roster, presence('amy', '2026-01-01T00:00:00.000Z'), 100_000);
    roster = applyPresence(roster, presence('me', '2026-01-01T00:00:00.000Z'), 100_000);
    expect(peopleOnline(roster, 100_000, 'me', false).map((entry) => entry.user.id)).toEqual(['amy', 'zoe']);
    expect(peopleOnline(roster, 124_999, 'me', false).map((entry) => entry.user.id)).toEqual(['amy', 'zoe']);
    expect(peopleOnline(roster, 125_000, 'me', false).map((entry) => entry.user.id)).toEqual(['amy']);
    expect(peopleOnline(roster, 130_000, 'me', false)).toEqual([]);
    // A live stream keeps them: their open streams are their heartbeat, and the server says when they go.
    expect(peopleOnline(roster, 130_000, 'me', true).map((entry) => entry.user.id)).toEqual(['amy', 'zoe']);
    roster = applyPresence(roster, presence('zoe', '2026-01-01T00:00:00.000Z', { ageMs: 5_000, online: false }), 130_000);
    expect(peopleOnline(roster, 130_000, 'me', true).map((entry) => entry.user.id)).toEqual(['amy']);
  });
});

describe('idle people', () => {
  it('count as idle 2 min after their last change of page, cursor or selection, in whole minutes, heartbeats or not', () => {
    const roster = applyPresence(new Map(), presence('bob', '2026-01-01T00:00:00.000Z', { ageMs: 1_000, idleMs: 60_000 }), 100_000);
    const bob = roster.get('bob')!;
    expect(idleMinutes(bob, 100_000)).toBeNull();
    expect(idleMinutes(bob, 159_999)).toBeNull();
    expect(idleMinutes(bob, 160_000)).toBe(2);
    expect(idleMinutes(bob, 220_000)).toBe(3);
    const active = applyPresence(roster, presence('bob', '2026-01-01T00:00:10.000Z', { idleMs: 0 }), 280_000);
    expect(idleMinutes(active.get('bob')!, 280_000)).toBeNull();
  });
});

describe('event log merge', () => {
  it('orders by sequence, drops repeats, keeps the newest, and reports only new events', () => {
    const first = mergeEvents([], [event(3, 'commit'), event(1, 'commit'), event(3, 'commit')], 3);
    expect(first.events.map((e) => e.id)).toEqual(['1', '3']);
    expect(first.added.map((e) => e.id)).toEqual(['1', '3']);
    const second = mergeEvents(first.events, [event(2, 'commit'), event(3, 'commit'), event(10, 'commit'), event(9, 'commit')], 3);
    expect(second.events.map((e) => e.id)).toEqual(['3', '9', '10']);
    expect(second.added.map((e) => e.id)).toEqual(['2', '9', '10']);
    const replay = mergeEvents(second.events, [event(2, 'commit'), event(10, 'commit')], 3);
    expect(replay.added).toEqual([]);
    expect(replay.events).toBe(second.events);
    expect(laterId('9', '10')).toBe('10');
    expect(laterId(null, '9007199254740993')).toBe('9007199254740993');
    expect(laterId('9007199254740993', '9007199254740992')).toBe('9007199254740993');
  });
});

describe('activity wording', () => {
  it('says who did what to which files', () => {
    expect(describeActivity(event(1, 'commit', { payload: { paths: ['a.ts', 'b.ts', 'c.ts'] } }))).toBe('Alice Anderson committed 3 files');
    expect(describeActivity(event(1, 'commit', { path: 'a.ts' }))).toBe('Alice Anderson committed a.ts');
    expect(describeActivity(event(1, 'file_edit', { path: 'src/x.ts', payload: { paths: ['src/x.ts'] } }))).toBe('Alice Anderson edited src/x.ts');
    expect(describeActivity(event(1, 'image_upload', { path: 'assets/hero.png', user: user('b', null) }))).toBe('b uploaded hero.png');
    expect(describeActivity(event(1, 'file_rename', { path: 'new.ts', payload: { from: 'old.ts' } }))).toBe('Alice Anderson renamed old.ts to new.ts');
    expect(describeActivity(event(1, 'branch_created', { branch: 'feature/x', payload: { baseBranch: 'main' } }))).toBe(
      'Alice Anderson created branch feature/x from main',
    );
    expect(describeActivity(event(1, 'chat_commit', { payload: { fileCount: 2 } }))).toBe('Alice Anderson committed 2 files from Live Chat');
    expect(describeActivity(event(1, 'scene_update', { path: 'scenes/level1.json' }))).toBe('Alice Anderson updated scene level1.json');
    expect(describeActivity(event(1, 'note', { payload: { text: 'Looks good' } }))).toBe('Alice Anderson: Looks good');
    expect(describeActivity(event(1, 'note', { path: 'src/x.ts', payload: { text: 'Why twice?' } }))).toBe('Alice Anderson on src/x.ts: Why twice?');
  });

  it('words a commit as one entry: who (or whose agent), what, true counts per kind', () => {
    const files = [
      { path: 'src/main.ts', change: 'edit' },
      { path: 'README.md', change: 'edit' },
      { path: 'docs/new.md', change: 'create' },
      { path: 'src/styles.css', change: 'rename', from: 'src/style.css' },
      { path: 'tools/old.py', change: 'delete' },
    ];
    const commit = event(1, 'commit', { page: 'code', path: 'src/main.ts', payload: { sha: 'a'.repeat(40), message: 'Tidy up', files } });
    expect(describeActivity(commit)).toBe('Alice Anderson committed 5 files');
    expect(commitOf(commit)).toMatchObject({ sha: 'a'.repeat(40), message: 'Tidy up', via: null });
    expect(changeCounts(commitOf(commit)!.files)).toBe('2 edited · 1 created · 1 renamed · 1 deleted');
    expect(describeFileChange(commitOf(commit)!.files[3]!)).toBe('renamed src/style.css to src/styles.css');
    expect(changedPaths(commit)).toEqual(['src/main.ts', 'README.md', 'docs/new.md', 'src/styles.css', 'src/style.css', 'tools/old.py']);

    const one = { sha: 'b'.repeat(40), message: 'Edit', files: [files[1]] };
    expect(describeActivity(event(2, 'commit', { page: 'agent', payload: one }))).toBe("Alice Anderson's agent edited README.md");
    expect(describeActivity(event(3, 'chat_commit', { page: 'chat', payload: one }))).toBe('Alice Anderson edited README.md with Live Chat');
    expect(commitOf(event(4, 'commit', { payload: { paths: ['a.ts'] } }))).toBeNull();
  });

  it('knows which files an event changed', () => {
    const rename = event(1, 'file_rename', { path: 'new.ts', payload: { from: 'old.ts', paths: ['new.ts', 7] } });
    expect(changedPaths(rename)).toEqual(['new.ts', 'old.ts']);
    expect(changesFile(rename, 'old.ts')).toBe(true);
    expect(changesFile(rename, 'other.ts')).toBe(false);
    expect(changesFile(event(1, 'branch_created', { path: 'x' }), 'x')).toBe(false);
    // A note about a file changes nothing: nobody is offered a reload, no listing refreshes.
    const note = event(1, 'note', { path: 'x', payload: { text: 'typo on line 3', paths: ['x'] } });
    expect(changedPaths(note)).toEqual([]);
    expect(changesFile(note, 'x')).toBe(false);
  });

  it('gives relative times', () => {
    const at = Date.parse('2026-01-01T12:00:00.000Z');
    const ago = (ms: number) => relativeTime(new Date(at - ms).toISOString(), at);
    expect(ago(10_000)).toBe('just now');
    expect(ago(-5_000)).toBe('just now');
    expect(ago(5 * 60_000)).toBe('5 min ago');
    expect(ago(3 * 3_600_000)).toBe('3 h ago');
    expect(ago(2 * 86_400_000)).toBe('2 d ago');
    expect(ago(30 * 86_400_000)).toBe('Dec 2, 2025');
  });

  it('gives each person a stable colour', () => {
    expect(userColor('user-1')).toBe(userColor('user-1'));
    expect(new Set(['a', 'b', 'c', 'd', 'e', 'f'].map(userColor)).size).toBeGreaterThan(3);
  });
});
