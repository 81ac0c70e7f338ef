import { type JobHelpers, type Runner, run } from 'graphile-worker';
import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import type { Agent, Database } from '@/lib/db/schema';
import { errorSentence } from '@/lib/errors';
import { proposePlan } from './plan';
import { ACTIVE_STATUSES, appendAgentEvent } from './queries';
import { AGENT_TURN_TASK, queueLogger } from './queue';

/** What one turn produced: the model's work is done; committing is the worker's job. */
export interface TurnOutcome {
  /** Files changed by the turn (already committed by `commit`), for the event log. */
  commit: { sha: string; message: string; files: string[] } | null;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  /** The turn stopped because the user cancelled. */
  cancelled: boolean;
  /** A plan-first agent's planning turn: the plan it proposes (the agent then waits for approval). */
  proposedPlan?: string;
}

export interface TurnContext {
  db: Kysely<Database>;
  agent: Agent;
  turn: number;
  /** Appends an agent event (text deltas, tool calls and results…). */
  emit(type: string, data?: Record<string, unknown>): Promise<void>;
  /** True once the user asked to cancel; checked between steps. */
  cancelRequested(): Promise<boolean>;
  /** Aborted when the worker shuts down. */
  signal: AbortSignal;
}

/** Runs one turn of the agent's conversation on its branch (the LLM tool loop plus one commit). */
export type TurnRunner = (context: TurnContext) => Promise<TurnOutcome>;

export interface AgentWorkerOptions {
  connectionString: string;
  db: Kysely<Database>;
  runTurn: TurnRunner;
  /** Agents run at once by this process. */
  concurrency?: number;
  /** Running agents per user; the rest wait, visibly queued. */
  perUserLimit?: number;
  /** A running agent whose worker has not reported for this long is presumed dead. */
  staleAfterMs?: number;
  heartbeatMs?: number;
  pollIntervalMs?: number;
}

const RETRY_DELAY_MS = 2_000;

async function setStatus(db: Kysely<Database>, agentId: string, status: Agent['status'], extra: Partial<Record<string, unknown>> = {}) {
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('agents')
      .set({ status, updated_at: sql`now()`, ...extra })
      .where('id', '=', agentId)
      .execute();
    await appendAgentEvent(trx, agentId, 'status', { status });
  });
}

/** User messages the agent has not answered yet (a follow-up that arrived during or after a turn). */
async function hasUnansweredMessage(db: Kysely<Database>, agentId: string, since: Date): Promise<boolean> {
  const row = await db
    .selectFrom('agent_messages')
    .select('id')
    .where('agent_id', '=', agentId)
    .where('type', '=', 'user')
    .where('created_at', '>', since)
    .executeTakeFirst();
  return row !== undefined;
}

export function agentTurnTask(options: AgentWorkerOptions) {
  const { db, runTurn, perUserLimit = 3 } = options;
  const staleAfterMs = options.staleAfterMs ?? 30_000;
  // Reports must come well within the staleness limit, or a live worker would look dead.
  const heartbeatMs = options.heartbeatMs ?? Math.min(5_000, staleAfterMs / 3);
  return async (payload: unknown, helpers: JobHelpers): Promise<void> => {
    const agentId = (payload as { agentId?: unknown }).agentId;
    if (typeof agentId !== 'string') return;

    // Claim the agent, unless it was cancelled or trashed meanwhile, or its owner has enough running.
    const claimed = await db.transaction().execute(async (trx) => {
      const agent = await trx.selectFrom('agents').selectAll().where('id', '=', agentId).forNoKeyUpdate().executeTakeFirst();
      if (!agent || agent.deleted_at || !ACTIVE_STATUSES.includes(agent.status)) return null;
      // Another worker is on it (a follow-up queued this job meanwhile): that run answers it, or this job runs after.
      const lastReport = agent.worker_last_activity ? new Date(agent.worker_last_activity).getTime() : 0;
      if (agent.status === 'running' && Date.now() - lastReport < staleAfterMs) return 'busy' as const;
      const running = await trx
        .selectFrom('agents')
        .select(sql<number>`count(*)::int`.as('n'))
        .where('user_id', '=', agent.user_id)
        .where('status', '=', 'running')
        .where('id', '!=', agent.id)
        .executeTakeFirstOrThrow();
      if (running.n >= perUserLimit) return 'limited' as const;
      await trx
        .updateTable('agents')
        .set({ status: 'running', worker_last_activity: sql`now()`, updated_at: sql`now()` })
        .where('id', '=', agent.id)
        .execute();
      if (agent.status !== 'running') await appendAgentEvent(trx, agent.id, 'status', { status: 'running' });
      return { ...agent, status: 'running' as const };
    });
    if (claimed === null) return;
    if (claimed === 'busy') {
      await helpers.addJob(AGENT_TURN_TASK, { agentId }, { jobKey: `agent:${agentId}`, runAt: new Date(Date.now() + RETRY_DELAY_MS) });
      return;
    }
    if (claimed === 'limited') {
      const last = await db.selectFrom('agent_events').select('event_type').where('agent_id', '=', agentId).orderBy('id', 'desc').executeTakeFirst();
      if (last?.event_type !== 'waiting_for_slot') await appendAgentEvent(db, agentId, 'waiting_for_slot', { limit: perUserLimit });
      await helpers.addJob(AGENT_TURN_TASK, { agentId }, { jobKey: `agent:${agentId}`, runAt: new Date(Date.now() + RETRY_DELAY_MS) });
      return;
    }

    const heartbeat = setInterval(() => {
      db.updateTable('agents').set({ worker_last_activity: sql`now()` }).where('id', '=', agentId).execute().catch(() => {});
    }, heartbeatMs);
    const started = Date.now();
    try {
      let agent: Agent = claimed;
      for (;;) {
        const turnStarted = new Date();
        const turn = agent.turns + 1;
        const outcome = await runTurn({
          db,
          agent,
          turn,
          signal: helpers.abortSignal ?? new AbortController().signal,
          emit: async (type, data) => {
            await appendAgentEvent(db, agentId, type, data);
          },
          cancelRequested: async () => {
            const row = await db.selectFrom('agents').select('cancel_requested_at').where('id', '=', agentId).executeTakeFirst();
            return !row || row.cancel_requested_at !== null;
          },
        });
        agent = await db
          .updateTable('agents')
          .set({
            turns: turn,
            input_tokens: sql`input_tokens + ${outcome.inputTokens}`,
            output_tokens: sql`output_tokens + ${outcome.outputTokens}`,
            total_cost: sql`coalesce(total_cost, 0) + ${outcome.costUsd}`,
            duration_ms: sql`duration_ms + ${Date.now() - started}`,
            worker_last_activity: sql`now()`,
            updated_at: sql`now()`,
          })
          .where('id', '=', agentId)
          .returningAll()
          .executeTakeFirstOrThrow();
        if (outcome.commit) await appendAgentEvent(db, agentId, 'commit', outcome.commit);
        await appendAgentEvent(db, agentId, 'completed', {
          turn,
          inputTokens: outcome.inputTokens,
          outputTokens: outcome.outputTokens,
          costUsd: outcome.costUsd,
          durationMs: Date.now() - turnStarted.getTime(),
        });
        if (outcome.cancelled) {
          await setStatus(db, agentId, 'cancelled', { completed_at: sql`now()` });
          return;
        }
        if (outcome.proposedPlan !== undefined) {
          await proposePlan(db, agentId, outcome.proposedPlan);
          return;
        }
        if (!(await hasUnansweredMessage(db, agentId, turnStarted))) break;
      }
      await setStatus(db, agentId, 'completed', { completed_at: sql`now()` });
    } catch (error) {
      const message = errorSentence(error);
      await appendAgentEvent(db, agentId, 'error', { message });
      await setStatus(db, agentId, 'failed', { last_error: message, completed_at: sql`now()` });
    } finally {
      clearInterval(heartbeat);
    }
  };
}

/**
 * Frees the jobs of workers that died mid-run (their agents stopped reporting): graphile-worker would
 * otherwise keep such a job locked for hours. The job runs again on any worker; the turn runner
 * makes sure a turn that was already committed is not committed again.
 */
export async function releaseStaleAgents(db: Kysely<Database>, staleAfterMs: number): Promise<string[]> {
  const stale = await db
    .selectFrom('agents')
    .select('id')
    .where('status', '=', 'running')
    .where('worker_last_activity', '<', sql<Date>`now() - make_interval(secs => ${staleAfterMs / 1000})`)
    .execute();
  if (stale.length === 0) return [];
  const keys = stale.map((agent) => `agent:${agent.id}`);
  await sql`
    SELECT graphile_worker.force_unlock_workers(array_agg(DISTINCT locked_by))
    FROM graphile_worker.jobs WHERE key = ANY(${keys}::text[]) AND locked_by IS NOT NULL`.execute(db);
  for (const agent of stale) await appendAgentEvent(db, agent.id, 'worker_lost', {});
  return stale.map((agent) => agent.id);
}

/** Runs agent turns from the queue in this process, and watches for workers that died; `stop()` ends both. */
export async function startAgentWorker(options: AgentWorkerOptions): Promise<Runner> {
  const staleAfterMs = options.staleAfterMs ?? 30_000;
  // The queue's own pool, ended when the runner has stopped: graphile-worker does not wait for the pool it
  // makes to end, and takes its error handlers off first, so a connection dropped meanwhile (a database
  // restarting or being dropped) would be an uncaught error.
  const pool = new pg.Pool({ connectionString: options.connectionString, max: 10 });
  pool.on('error', (error) => console.error('[agents] queue connection failed:', error.message));
  pool.on('connect', (client) => client.on('error', (error) => console.error('[agents] queue connection failed:', error.message)));
  const runner = await run({
    pgPool: pool,
    concurrency: options.concurrency ?? 4,
    pollInterval: options.pollIntervalMs ?? 1_000,
    noHandleSignals: true,
    logger: queueLogger,
    taskList: { [AGENT_TURN_TASK]: agentTurnTask(options) as never },
  });
  const watch = setInterval(() => {
    releaseStaleAgents(options.db, staleAfterMs).catch((error: unknown) => console.error('[agents] stale check failed:', error));
  }, Math.max(1_000, staleAfterMs / 3));
  const stopRunner = runner.stop.bind(runner);
  return Object.assign(runner, {
    async stop() {
      clearInterval(watch);
      try {
        await stopRunner();
      } finally {
        await pool.end();
      }
    },
  });
}
