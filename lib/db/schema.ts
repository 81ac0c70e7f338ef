import type { ColumnType, Generated, Insertable, JSONColumnType, Selectable, Updateable } from 'kysely';
import type { WorkspacePage } from '@/lib/workspace/urls';

/** Typed view of the schema after the latest migration (see `db/migrations`). */

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
/** int8 columns are returned by `pg` as strings; the data layer casts them in SQL or converts once. */
type BigIntColumn = ColumnType<string, number | string | bigint | undefined, number | string | bigint>;
/** A bigserial/sequence id: a string when read, never supplied on insert. */
type SequenceId = ColumnType<string, never, never>;

export type AgentStatus = 'queued' | 'running' | 'waiting' | 'completed' | 'failed' | 'cancelled';

export interface AgentsTable {
  id: string;
  user_id: string;
  repository_owner: string | null;
  repository_name: string | null;
  task_request: string;
  status: ColumnType<AgentStatus, AgentStatus | undefined, AgentStatus>;
  repository_url: string | null;
  base_branch: string | null;
  branch: string | null;
  provider: string | null;
  provider_session_id: string | null;
  remote_session_id: string | null;
  remote_web_url: string | null;
  total_cost: ColumnType<string | null, number | string | null | undefined, number | string | null>;
  issue_number: number | null;
  auto_commit: ColumnType<boolean, boolean | undefined, boolean>;
  locked: ColumnType<boolean, boolean | undefined, boolean>;
  model: string | null;
  input_tokens: BigIntColumn;
  output_tokens: BigIntColumn;
  pr_number: number | null;
  pr_url: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  completed_at: NullableTimestamp;
  deleted_at: NullableTimestamp;
  worker_last_activity: NullableTimestamp;
  cancel_requested_at: NullableTimestamp;
  branch_prefix: string | null;
  turns: ColumnType<number, number | undefined, number>;
  last_error: string | null;
  duration_ms: BigIntColumn;
  issue_title: string | null;
  plan_first: ColumnType<boolean, boolean | undefined, boolean>;
  /** The plan a plan-first agent proposed, replaced by the approved (possibly edited) text on approval. */
  plan: string | null;
  plan_approved_at: NullableTimestamp;
  attempt_group: string | null;
  attempt_index: number | null;
  base_sha: string | null;
  unseen_since: NullableTimestamp;
}

export interface AgentTurnsTable {
  agent_id: string;
  turn: number;
  commit_sha: string | null;
  created_at: Timestamp;
}

export interface AgentMessagesTable {
  id: SequenceId;
  agent_id: string;
  type: string;
  content: string;
  images: JSONColumnType<unknown[] | null, string | null | undefined, string | null>;
  created_at: Timestamp;
}

export interface AgentEventsTable {
  id: SequenceId;
  agent_id: string;
  event_type: string;
  event_data: JSONColumnType<Record<string, unknown>, string, string>;
  created_at: Timestamp;
}

export interface UsersTable {
  id: Generated<string>;
  github_id: BigIntColumn;
  login: string;
  name: string | null;
  email: string | null;
  avatar_url: string | null;
  access_token_enc: string | null;
  access_token_expires_at: NullableTimestamp;
  refresh_token_enc: string | null;
  refresh_token_expires_at: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** The previous WebEDT server's users (db/migrations/0010_legacy_users.ts); its other columns are kept, unread. */
export interface LegacyUsersTable {
  id: string;
  email: string | null;
  display_name: string | null;
  github_id: string | null;
}

export interface LiveChatMessagesTable {
  id: SequenceId;
  owner: string;
  repo: string;
  branch: string;
  user_id: string;
  role: 'user' | 'assistant' | 'system';
  content: string;
  tool_calls: JSONColumnType<unknown[] | null, string | null | undefined, string | null>;
  created_at: Timestamp;
}

export interface WorkspacePresenceTable {
  user_id: string;
  owner: string;
  repo: string;
  branch: string;
  page: string;
  cursor: JSONColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  selection: JSONColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  heartbeat_at: Timestamp;
  /** Last change of page, cursor or selection (heartbeats leave it alone). */
  updated_at: Timestamp;
  /** Their last stream closed (offline until the next heartbeat); null while present. */
  left_at: NullableTimestamp;
}

export interface BranchParticipantsTable {
  /** `agent:<agent id>` or `live-chat:<user id>:<branch key>`: one running turn. */
  id: string;
  kind: 'agent' | 'live-chat';
  owner: string;
  repo: string;
  branch: string;
  /** Whose agent or Live Chat it is. */
  user_id: string;
  agent_id: string | null;
  label: string;
  page: string;
  path: string | null;
  activity: string | null;
  pending: JSONColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  started_at: Timestamp;
  heartbeat_at: Timestamp;
}

export interface WorkspaceEventsTable {
  id: SequenceId;
  owner: string;
  repo: string;
  branch: string;
  user_id: string;
  event_type: string;
  page: string | null;
  path: string | null;
  payload: JSONColumnType<Record<string, unknown>, string | undefined, string>;
  created_at: Timestamp;
}

export interface WorkspaceVisitsTable {
  user_id: string;
  owner: string;
  repo: string;
  branch: string;
  page: WorkspacePage;
  visited_at: Timestamp;
}

export interface Database {
  agents: AgentsTable;
  agent_messages: AgentMessagesTable;
  agent_turns: AgentTurnsTable;
  agent_events: AgentEventsTable;
  users: UsersTable;
  legacy_users: LegacyUsersTable;
  live_chat_messages: LiveChatMessagesTable;
  workspace_presence: WorkspacePresenceTable;
  branch_participants: BranchParticipantsTable;
  workspace_events: WorkspaceEventsTable;
  workspace_visits: WorkspaceVisitsTable;
}

export type Agent = Selectable<AgentsTable>;
export type NewAgent = Insertable<AgentsTable>;
export type AgentUpdate = Updateable<AgentsTable>;
export type User = Selectable<UsersTable>;
export type WorkspaceEvent = Selectable<WorkspaceEventsTable>;
export type WorkspacePresence = Selectable<WorkspacePresenceTable>;
export type WorkspaceVisit = Selectable<WorkspaceVisitsTable>;
export type LiveChatMessage = Selectable<LiveChatMessagesTable>;
