import type { Kysely } from 'kysely';
import type { Database, WorkspaceVisit } from '@/lib/db/schema';
import type { WorkspacePage } from './urls';

/**
 * Remembers the page of a visit. `at` is when the browser showed it: reports of quick tab switches can
 * arrive out of order, and an older one must not overwrite a newer one. A time in the future counts as now.
 */
export async function recordWorkspaceVisit(
  db: Kysely<Database>,
  visit: { userId: string; owner: string; repo: string; branch: string; page: WorkspacePage; at?: Date },
): Promise<void> {
  const at = visit.at && visit.at.getTime() < Date.now() ? visit.at : new Date();
  const row = { user_id: visit.userId, owner: visit.owner, repo: visit.repo, branch: visit.branch, page: visit.page, visited_at: at };
  await db
    .insertInto('workspace_visits')
    .values(row)
    .onConflict((conflict) =>
      conflict
        .columns(['user_id', 'owner', 'repo', 'branch'])
        .doUpdateSet({ page: visit.page, visited_at: at })
        .where('workspace_visits.visited_at', '<', at),
    )
    .execute();
}

export async function recentWorkspaces(db: Kysely<Database>, userId: string, limit = 8): Promise<WorkspaceVisit[]> {
  return db.selectFrom('workspace_visits').selectAll().where('user_id', '=', userId).orderBy('visited_at', 'desc').limit(limit).execute();
}

/** Repositories the user worked in recently come first (most recent first); the rest keep their order. */
export function recentFirst<R extends { owner: string; name: string }>(repos: R[], recent: readonly WorkspaceVisit[]): R[] {
  const rank = new Map<string, number>();
  recent.forEach((visit, index) => {
    const key = `${visit.owner}/${visit.repo}`.toLowerCase();
    if (!rank.has(key)) rank.set(key, index);
  });
  const position = (repo: R) => rank.get(`${repo.owner}/${repo.name}`.toLowerCase()) ?? Number.MAX_SAFE_INTEGER;
  return repos.map((repo, index) => ({ repo, index })).sort((a, b) => position(a.repo) - position(b.repo) || a.index - b.index).map(({ repo }) => repo);
}
