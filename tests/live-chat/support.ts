import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { LiveChatRouteDeps } from '@/app/api/live-chat/deps';
import { executeHandlers } from '@/app/api/live-chat/[owner]/[repo]/[branch]/execute/handlers';
import { imageHandlers } from '@/app/api/live-chat/[owner]/[repo]/[branch]/images/[imageId]/handlers';
import { messagesHandlers } from '@/app/api/live-chat/[owner]/[repo]/[branch]/messages/handlers';
import { revertHandlers } from '@/app/api/live-chat/[owner]/[repo]/[branch]/revert/handlers';
import { createGuards, type SessionUser } from '@/lib/auth/guard';
import type { DB } from '@/lib/db/client';
import { githubClientForUser } from '@/lib/github/client';
import type { GitHubClient } from '@/lib/github/octokit';
import { createBranch } from '@/lib/github/repos';
import { TurnRateLimiter } from '@/lib/live-chat/rate-limit';
import type { ChatMessageView, TurnEvent } from '@/lib/live-chat/protocol';
import { LocalObjectStore } from '@/lib/storage';
import { readSse, type SseReader } from '../support/sse-client';

export const OWNER = 'alice';
export const REPO = 'sample-game';

/** What a test can vary in the route dependencies (the rest is the test's real database and store). */
export interface ChatDepsOverrides {
  limiter?: TurnRateLimiter;
  retentionDays?: number;
  llm?: LiveChatRouteDeps['llm'];
}

/**
 * The real Live Chat route handlers, built exactly as the routes build them but with the session user,
 * database and object store of a test, driven with requests on the routes' real paths.
 */
export function chatRoutes(user: SessionUser | null, db: DB, store: LocalObjectStore, overrides: ChatDepsOverrides & { llm: LiveChatRouteDeps['llm'] }) {
  const { withRepoAccess } = createGuards({ resolveUser: async () => user, db: () => db, trustProxy: () => false });
  const limiter = overrides.limiter ?? new TurnRateLimiter(1000, 60_000);
  const deps: LiveChatRouteDeps = {
    withRepoAccess,
    db: () => db,
    store: () => store,
    limiter: () => limiter,
    llm: overrides.llm,
    config: () => ({ retentionDays: overrides.retentionDays ?? 0, githubUrl: process.env.GITHUB_URL! }),
    retryBaseMs: 10,
  };
  const context = { params: Promise.resolve({}) };
  const url = (branch: string, rest: string) => `http://app.test/api/live-chat/${OWNER}/${REPO}/${encodeURIComponent(branch)}/${rest}`;
  const json = (method: string, body: unknown, init: RequestInit = {}): RequestInit => ({
    ...init,
    method,
    headers: { 'content-type': 'application/json', origin: 'http://app.test', host: 'app.test' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const messages = messagesHandlers(deps);
  const execute = executeHandlers(deps);
  const revert = revertHandlers(deps);
  const images = imageHandlers(deps);
  return {
    history: (branch: string) => messages.GET(new Request(url(branch, 'messages')), context),
    post: (branch: string, body: unknown) => messages.POST(new Request(url(branch, 'messages'), json('POST', body)), context),
    clear: (branch: string) => messages.DELETE(new Request(url(branch, 'messages'), { method: 'DELETE' }), context),
    execute: (branch: string, body: unknown = {}, init: RequestInit = {}) => execute.POST(new Request(url(branch, 'execute'), json('POST', body, init)), context),
    revert: (branch: string, sha: string) => revert.POST(new Request(url(branch, 'revert'), json('POST', { sha })), context),
    image: (branch: string, id: string) => images.GET(new Request(url(branch, `images/${id}`)), context),
  };
}

export type ChatRoutes = ReturnType<typeof chatRoutes>;

export async function tempStore(): Promise<{ store: LocalObjectStore; remove(): Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'webedt-chat-store-'));
  return { store: new LocalObjectStore({ root: dir }), remove: () => rm(dir, { recursive: true, force: true }) };
}

let branches = 0;
/** A new branch of alice/sample-game from main, for one test. */
export async function freshBranch(db: DB, userId: string, prefix = 'chat'): Promise<string> {
  branches += 1;
  const name = `${prefix}/t${process.pid}-${branches}`;
  await createBranch(githubClientForUser(db, userId), { owner: OWNER, repo: REPO, baseBranch: 'main', newBranch: name });
  return name;
}

export async function githubOf(db: DB, userId: string): Promise<GitHubClient> {
  return githubClientForUser(db, userId);
}

export const turnEvents = (reader: SseReader): TurnEvent[] =>
  reader.events.map((event) => ({ event: event.event, data: JSON.parse(event.data) }) as TurnEvent);

/** Runs a whole turn and returns its events (the stream ends when the turn is stored). */
export async function runTurn(routes: ChatRoutes, branch: string): Promise<TurnEvent[]> {
  const response = await routes.execute(branch);
  if (response.status !== 200) throw new Error(`execute answered ${response.status}: ${await response.text()}`);
  const reader = readSse(response);
  await reader.until(() => false, 20_000);
  return turnEvents(reader);
}

export async function historyOf(routes: ChatRoutes, branch: string): Promise<ChatMessageView[]> {
  const response = await routes.history(branch);
  if (response.status !== 200) throw new Error(`history answered ${response.status}`);
  return ((await response.json()) as { messages: ChatMessageView[] }).messages;
}

export async function errorOf(response: Response): Promise<{ status: number; code: string; message: string }> {
  const body = (await response.json()) as { error: { code: string; message: string } };
  return { status: response.status, ...body.error };
}
