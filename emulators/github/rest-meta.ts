/** The API root (the hypermedia index GitHub serves at `GET /`) and repositories by id. */
import type { Api } from './api';
import { notFound } from './api';
import { repoAccess } from './auth';
import { repoStats } from './shapes';

export function registerMetaRoutes(api: Api): void {
  api.route('GET', '/', 'meta/meta#github-api-root', async (call) => {
    const a = call.env.urls.api;
    const w = call.env.urls.web;
    const search = (kind: string, extra = '') => `${a}/search/${kind}?q={query}${extra}{&page,per_page,sort,order}`;
    call.json(200, {
      current_user_url: `${a}/user`,
      current_user_authorizations_html_url: `${w}/settings/connections/applications{/client_id}`,
      authorizations_url: `${a}/authorizations`,
      code_search_url: search('code'),
      commit_search_url: search('commits'),
      emails_url: `${a}/user/emails`,
      emojis_url: `${a}/emojis`,
      events_url: `${a}/events`,
      feeds_url: `${a}/feeds`,
      followers_url: `${a}/user/followers`,
      following_url: `${a}/user/following{/target}`,
      gists_url: `${a}/gists{/gist_id}`,
      hub_url: `${a}/hub`,
      issue_search_url: search('issues'),
      issues_url: `${a}/issues`,
      keys_url: `${a}/user/keys`,
      label_search_url: `${a}/search/labels?q={query}&repository_id={repository_id}{&page,per_page}`,
      notifications_url: `${a}/notifications`,
      organization_url: `${a}/orgs/{org}`,
      organization_repositories_url: `${a}/orgs/{org}/repos{?type,page,per_page,sort}`,
      organization_teams_url: `${a}/orgs/{org}/teams`,
      public_gists_url: `${a}/gists/public`,
      rate_limit_url: `${a}/rate_limit`,
      repository_url: `${a}/repos/{owner}/{repo}`,
      repository_search_url: search('repositories'),
      current_user_repositories_url: `${a}/user/repos{?type,page,per_page,sort}`,
      starred_url: `${a}/user/starred{/owner}{/repo}`,
      starred_gists_url: `${a}/gists/starred`,
      topic_search_url: `${a}/search/topics?q={query}{&page,per_page}`,
      user_url: `${a}/users/{user}`,
      user_organizations_url: `${a}/user/orgs`,
      user_repositories_url: `${a}/users/{user}/repos{?type,page,per_page,sort}`,
      user_search_url: search('users'),
    });
  });

  api.route('GET', '/repositories/:id', 'repos/repos#get-a-repository', async (call) => {
    const repo = [...call.model.repos.values()].find((r) => String(r.id) === call.param('id'));
    const access = repo ? repoAccess(call.model, call.identity, repo) : null;
    if (!repo || !access) throw notFound();
    const stats = await repoStats(repo.git);
    call.json(200, call.shapes.fullRepository(repo, call.permissionsAccess(access), stats.pushedAt, stats.size));
  });
}
