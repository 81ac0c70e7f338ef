import {
  type EventsPage,
  type PresenceCursor,
  type PresenceEntry,
  type PresenceMessage,
  type PresenceSelection,
  STREAM_EVENT,
  type TextPosition,
  type WorkspaceBranch,
  type WorkspaceEventView,
} from '@/lib/workspace/collab-protocol';
import type { WorkspacePage } from '@/lib/workspace/urls';
import { reconnectDelayMs } from './backoff';
import { laterId, mergeEvents } from './event-log';
import { applyPresence, peopleOnline, type Roster, type RosterEntry } from './presence-roster';
import { SerialThrottle } from './serial-throttle';

/**
 * One browser tab's live link to a branch: ONE EventSource for events and presence, presence sent
 * throttled, and a poll that takes over while the stream is down (DESIGN.md, "Realtime", cost model:
 * an idle tab with a live stream sends nothing).
 *
 * - Events: the recent history is loaded once, then the stream resumes from its last id. Every
 *   reconnect (our own, with backoff) passes the highest id received from stream or poll, so the
 *   server replays exactly what was missed; overlaps between stream and poll are merged by id.
 * - Presence: PUT on page change (at once) and on cursor moves (≤ 1 per 100 ms). The open stream is
 *   the heartbeat (the server keeps the user present while it is open); only while it is down does
 *   the tab also PUT every 10 s.
 * - Poll: every 5 s while the stream is down; while it is live, one correction every 200–260 s (jittered,
 *   so tabs opened together do not poll together). It only backs up the stream, which resumes by
 *   Last-Event-ID and is re-sent presence after every listener reconnect; its two GETs were most of what
 *   2,000 idle tabs cost an instance (bench/realtime.ts, idle), so it is rare.
 * - Offline (navigator.onLine false): the stream is closed and reopened when the browser is back.
 */

export type ConnectionStatus = 'connecting' | 'live' | 'reconnecting' | 'offline';
export type HistoryStatus = 'loading' | 'ready' | 'failed';

export interface CollabSnapshot {
  status: ConnectionStatus;
  history: HistoryStatus;
  roster: Roster;
  /** Other people online now, by name. */
  people: readonly RosterEntry[];
  /** The newest events, oldest first. */
  events: readonly WorkspaceEventView[];
}

export const INITIAL_SNAPSHOT: CollabSnapshot = Object.freeze({
  status: 'connecting',
  history: 'loading',
  roster: new Map(),
  people: [],
  events: [],
});

export interface TextRange {
  anchor: TextPosition;
  head: TextPosition;
}

const CURSOR_INTERVAL_MS = 100;
const HEARTBEAT_MS = 10_000;
const POLL_WHILE_LIVE_MS = 200_000;
const POLL_WHILE_LIVE_JITTER_MS = 60_000;
const POLL_WHILE_DOWN_MS = 5_000;
const CLOCK_MS = 1_000;
const FEED_SIZE = 100;
const HISTORY_SIZE = 50;
const POLL_PAGE = 500;

export interface WorkspaceConnectionOptions extends WorkspaceBranch {
  selfId: string;
}

export class WorkspaceConnection {
  private snapshot: CollabSnapshot = INITIAL_SNAPSHOT;
  private readonly listeners = new Set<() => void>();
  private readonly eventListeners = new Set<(event: WorkspaceEventView) => void>();
  private page: WorkspacePage | null = null;
  private cursor: PresenceCursor | null = null;
  private selection: PresenceSelection | null = null;
  private source: EventSource | null = null;
  private lastId: string | null = null;
  private attempt = 0;
  private running = false;
  /** Bumped by start/stop, so async work of an earlier run cannot touch a later one. */
  private generation = 0;
  private sender: SerialThrottle | null = null;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private pollTimer: ReturnType<typeof setTimeout> | undefined;
  private heartbeatTimer: ReturnType<typeof setInterval> | undefined;
  private clockTimer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly options: WorkspaceConnectionOptions) {}

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): CollabSnapshot => this.snapshot;

  /** Events that arrive live (stream or poll) after the history was loaded, each once. */
  onEvent(listener: (event: WorkspaceEventView) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    const generation = ++this.generation;
    this.sender = new SerialThrottle(() => this.sendPresence(), CURSOR_INTERVAL_MS);
    window.addEventListener('online', this.handleOnline);
    window.addEventListener('offline', this.handleOffline);
    this.heartbeatTimer = setInterval(() => {
      if (this.snapshot.status !== 'live') this.sender?.request();
    }, HEARTBEAT_MS);
    this.clockTimer = setInterval(() => this.refreshPeople(), CLOCK_MS);
    if (this.page) this.sender.request({ immediate: true });
    // Who is here once, before the stream: then only the stream (or, while it is down, the poll) tells.
    void Promise.all([this.loadHistory(), this.pollPresence()]).then(() => {
      if (generation !== this.generation) return;
      this.connect();
      this.schedulePoll();
    });
  }

  stop(): void {
    if (!this.running) return;
    this.running = false;
    this.generation += 1;
    this.closeSource();
    this.sender?.stop();
    this.sender = null;
    clearTimeout(this.reconnectTimer);
    clearTimeout(this.pollTimer);
    clearInterval(this.heartbeatTimer);
    clearInterval(this.clockTimer);
    window.removeEventListener('online', this.handleOnline);
    window.removeEventListener('offline', this.handleOffline);
  }

  /** The tab the user is on; sent at once. Leaving a page drops its cursor. */
  setPage(page: WorkspacePage | null): void {
    if (page === this.page) return;
    this.page = page;
    this.cursor = null;
    this.selection = null;
    this.sender?.request({ immediate: true });
  }

  /** Where the user's caret/selection is in `path` (null: no caret there any more); throttled. */
  setSelection(path: string, range: TextRange | null): void {
    const cursor = range ? { path, ...range.head } : null;
    const selection = range && !samePosition(range.anchor, range.head) ? range : null;
    if (sameJson(cursor, this.cursor) && sameJson(selection, this.selection)) return;
    this.cursor = cursor;
    this.selection = selection;
    this.sender?.request();
  }

  private get query(): URLSearchParams {
    const { owner, repo, branch } = this.options;
    return new URLSearchParams({ owner, repo, branch });
  }

  private connect(): void {
    if (!this.running || this.source) return;
    if (!navigator.onLine) {
      this.update({ status: 'offline' });
      return;
    }
    const query = this.query;
    if (this.lastId !== null) query.set('lastEventId', this.lastId);
    const source = new EventSource(`/api/workspace/events/stream?${query}`);
    this.source = source;
    source.addEventListener('open', () => {
      this.attempt = 0;
      this.update({ status: 'live' });
      this.refreshPeople();
      this.schedulePoll();
    });
    source.addEventListener(STREAM_EVENT.workspaceEvent, (message) => {
      const event = parse<WorkspaceEventView>(message.data);
      if (event) this.receiveEvents([event], true);
    });
    source.addEventListener(STREAM_EVENT.presence, (message) => {
      const presence = parse<PresenceMessage>(message.data);
      if (presence) this.receivePresence([presence]);
    });
    // EventSource would retry on its own, with no backoff and no say in the resume position.
    source.addEventListener('error', () => {
      if (this.source !== source) return;
      this.closeSource();
      if (!this.running) return;
      if (!navigator.onLine) {
        this.update({ status: 'offline' });
        return;
      }
      this.update({ status: 'reconnecting' });
      clearTimeout(this.reconnectTimer);
      this.reconnectTimer = setTimeout(() => this.connect(), reconnectDelayMs(this.attempt++));
      // The poll takes over at once, and every few seconds until the stream is back; so do heartbeats.
      this.schedulePoll(0);
      this.sender?.request();
    });
  }

  private closeSource(): void {
    this.source?.close();
    this.source = null;
  }

  private handleOnline = () => {
    this.attempt = 0;
    clearTimeout(this.reconnectTimer);
    // The network changed: a stream that looks open may be dead; a fresh one resumes from lastId.
    this.closeSource();
    this.update({ status: 'reconnecting' });
    this.connect();
    this.sender?.request({ immediate: true });
    this.schedulePoll(0);
  };

  private handleOffline = () => {
    this.closeSource();
    clearTimeout(this.reconnectTimer);
    this.update({ status: 'offline' });
  };

  private schedulePoll(delayMs?: number): void {
    clearTimeout(this.pollTimer);
    if (!this.running) return;
    const wait = delayMs ?? (this.snapshot.status === 'live' ? POLL_WHILE_LIVE_MS + Math.random() * POLL_WHILE_LIVE_JITTER_MS : POLL_WHILE_DOWN_MS);
    const generation = this.generation;
    this.pollTimer = setTimeout(() => {
      void Promise.all([this.pollPresence(), this.pollEvents()]).then(() => {
        if (generation === this.generation) this.schedulePoll();
      });
    }, wait);
  }

  private async loadHistory(): Promise<void> {
    const query = this.query;
    query.set('limit', String(HISTORY_SIZE));
    const page = await this.getJson<EventsPage>(`/api/workspace/events?${query}`);
    if (!page) {
      if (this.snapshot.history === 'loading') this.update({ history: 'failed' });
      return;
    }
    this.receiveEvents(page.events, false);
    this.lastId = laterId(this.lastId, page.lastId);
    this.update({ history: 'ready' });
  }

  private async pollEvents(): Promise<void> {
    if (this.lastId === null) return this.loadHistory();
    for (;;) {
      const query = this.query;
      query.set('after', this.lastId);
      query.set('limit', String(POLL_PAGE));
      const page = await this.getJson<EventsPage>(`/api/workspace/events?${query}`);
      if (!page || !this.running) return;
      this.receiveEvents(page.events, true);
      if (page.events.length < POLL_PAGE) return;
    }
  }

  private async pollPresence(): Promise<void> {
    const result = await this.getJson<{ users: PresenceEntry[] }>(`/api/workspace/presence?${this.query}`);
    if (result && this.running) this.receivePresence(result.users);
  }

  private async sendPresence(): Promise<void> {
    if (!this.page || !navigator.onLine) return;
    const { owner, repo, branch } = this.options;
    await fetch('/api/workspace/presence', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ owner, repo, branch, page: this.page, cursor: this.cursor, selection: this.selection }),
    });
  }

  private async getJson<T>(url: string): Promise<T | null> {
    try {
      const response = await fetch(url, { cache: 'no-store' });
      return response.ok ? ((await response.json()) as T) : null;
    } catch {
      return null;
    }
  }

  private receiveEvents(incoming: readonly WorkspaceEventView[], live: boolean): void {
    if (!this.running || incoming.length === 0) return;
    for (const event of incoming) this.lastId = laterId(this.lastId, event.id);
    const { events, added } = mergeEvents(this.snapshot.events, incoming, FEED_SIZE);
    if (added.length === 0) return;
    this.update({ events });
    if (live) for (const event of added) for (const listener of [...this.eventListeners]) listener(event);
  }

  private receivePresence(messages: readonly PresenceMessage[]): void {
    if (!this.running) return;
    const now = Date.now();
    const roster = messages.reduce((current, message) => applyPresence(current, message, now), this.snapshot.roster);
    if (roster !== this.snapshot.roster) this.update({ roster });
    this.refreshPeople();
  }

  /** Recomputed on presence changes and every second, as people pass the 30 s mark. */
  private refreshPeople(): void {
    const people = peopleOnline(this.snapshot.roster, Date.now(), this.options.selfId, this.snapshot.status === 'live');
    const current = this.snapshot.people;
    if (people.length === current.length && people.every((entry, index) => entry === current[index])) return;
    this.update({ people });
  }

  private update(changes: Partial<CollabSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...changes };
    for (const listener of [...this.listeners]) listener();
  }
}

function parse<T>(data: string): T | null {
  try {
    return JSON.parse(data) as T;
  } catch {
    return null;
  }
}

const samePosition = (a: TextPosition, b: TextPosition) => a.line === b.line && a.ch === b.ch;
const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
