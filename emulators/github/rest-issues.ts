/** Issues: list, get and comments, read-only over the seeded issues and the stored pull requests. */
import { type Api, type ApiCall, ApiError, notFound } from './api';
import type { Issue, Repo } from './model';
import type { StoredPull } from './store';

/** An App reads issues only with the `issues` (or, for pull requests, `pull_requests`) permission. */
function canReadIssues(call: ApiCall): void {
  if (call.identity.kind === 'installation' && !call.identity.token.permissions.issues && !call.identity.token.permissions.pull_requests) {
    throw new ApiError(403, 'Resource not accessible by integration', call.docs);
  }
}

const createdAt = (item: Issue | StoredPull) => ('commentIds' in item ? item.created_at : item.createdAt);

/** GitHub's issues API lists pull requests too; they carry a `pull_request` key. */
function issuesAndPulls(call: ApiCall, repo: Repo): Array<Issue | StoredPull> {
  return [...call.model.issues(repo), ...call.model.store.pulls(repo.fullName)];
}

function findByNumber(call: ApiCall, repo: Repo): Issue | StoredPull {
  const number = call.param('number');
  const found = issuesAndPulls(call, repo).find((item) => String(item.number) === number);
  if (!found) throw notFound();
  return found;
}

export function registerIssueRoutes(api: Api): void {
  api.route('GET', '/repos/:owner/:repo/issues', 'issues/issues#list-repository-issues', async (call) => {
    const { repo } = call.repo();
    canReadIssues(call);
    const state = call.query('state') ?? 'open';
    if (!['open', 'closed', 'all'].includes(state)) throw new ApiError(422, 'Validation Failed', call.docs);
    const ascending = call.query('direction') === 'asc';
    const items = issuesAndPulls(call, repo)
      .filter((item) => state === 'all' || item.state === state)
      .sort((a, b) => (ascending ? 1 : -1) * (createdAt(a).localeCompare(createdAt(b)) || a.number - b.number));
    const page = call.paginate(items);
    call.json(200, page.items.map((item) => call.shapes.issue(repo, item)), page.headers);
  });

  api.route('GET', '/repos/:owner/:repo/issues/:number', 'issues/issues#get-an-issue', async (call) => {
    const { repo } = call.repo();
    canReadIssues(call);
    call.json(200, call.shapes.issue(repo, findByNumber(call, repo)));
  });

  api.route('GET', '/repos/:owner/:repo/issues/:number/comments', 'issues/comments#list-issue-comments', async (call) => {
    const { repo } = call.repo();
    canReadIssues(call);
    const item = findByNumber(call, repo);
    const comments = 'commentIds' in item ? call.shapes.issueComments(repo, item) : [];
    const page = call.paginate(comments);
    call.json(200, page.items, page.headers);
  });
}
