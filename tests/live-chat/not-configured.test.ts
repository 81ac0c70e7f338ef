import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '@/lib/auth/guard';
import { anthropicClient, LLM_NOT_CONFIGURED, llmConfigured, llmSettings } from '@/lib/llm/client';
import type { LocalObjectStore } from '@/lib/storage';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startTestGitHub, type TestGitHub } from '../support/github';
import { signInUser } from '../support/users';
import { chatRoutes, errorOf, freshBranch, historyOf, tempStore } from './support';

// No Anthropic emulator and no key: Live Chat must say how to enable it.
delete process.env.ANTHROPIC_API_KEY;

let github: TestGitHub;
let database: TestDatabase;
let store: LocalObjectStore;
let removeStore: () => Promise<void>;
let alice: SessionUser;

beforeAll(async () => {
  github = await startTestGitHub();
  database = await createTestDatabase();
  ({ store, remove: removeStore } = await tempStore());
  alice = await signInUser(github, database.db, 'alice');
});

afterAll(async () => {
  await database?.drop();
  await github?.close();
  await removeStore?.();
});

describe('Live Chat without an Anthropic API key', () => {
  it('answers execute with a 503 that says how to set one, and keeps the history usable', async () => {
    expect(llmConfigured()).toBe(false);
    const routes = chatRoutes(alice, database.db, store, { llm: () => ({ client: anthropicClient(), settings: llmSettings() }) });
    const branch = await freshBranch(database.db, alice.id);
    expect((await routes.post(branch, { content: 'Hello?' })).status).toBe(201);
    expect(await errorOf(await routes.execute(branch))).toEqual({ status: 503, code: 'service_unavailable', message: LLM_NOT_CONFIGURED });
    expect(LLM_NOT_CONFIGURED).toContain('set ANTHROPIC_API_KEY');
    // Nothing was claimed: the message is still waiting, with no assistant answer.
    expect((await historyOf(routes, branch)).map((message) => message.role)).toEqual(['user']);
  });
});
