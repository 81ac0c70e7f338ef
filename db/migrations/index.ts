import type { Migration } from 'kysely';
import * as legacySessions from './0001_legacy_sessions';
import * as sessionsToAgents from './0002_sessions_to_agents';
import * as liveWorkspace from './0003_live_workspace';
import * as workspaceVisits from './0004_workspace_visits';
import * as agentRuns from './0008_agent_runs';
import * as liveChatRetention from './0009_live_chat_retention';
import * as legacyUsers from './0010_legacy_users';
import * as presenceUpdatedAt from './0011_presence_updated_at';
import * as presenceBatched from './0012_presence_batched';
import * as branchParticipants from './0013_branch_participants';
import * as agentIssueAndPlan from './0014_agent_issue_and_plan';
import * as agentAttemptsAttention from './0015_agent_attempts_attention';

/**
 * Every migration, in order. Listed statically (not read from disk) so the same list works in
 * scripts, tests and the bundled Next.js server.
 */
export const migrations: Record<string, Migration> = {
  '0001_legacy_sessions': legacySessions,
  '0002_sessions_to_agents': sessionsToAgents,
  '0003_live_workspace': liveWorkspace,
  '0004_workspace_visits': workspaceVisits,
  '0008_agent_runs': agentRuns,
  '0009_live_chat_retention': liveChatRetention,
  '0010_legacy_users': legacyUsers,
  '0011_presence_updated_at': presenceUpdatedAt,
  '0012_presence_batched': presenceBatched,
  '0013_branch_participants': branchParticipants,
  '0014_agent_issue_and_plan': agentIssueAndPlan,
  '0015_agent_attempts_attention': agentAttemptsAttention,
};

export const LEGACY_SCHEMA_VERSION = '0001_legacy_sessions';
