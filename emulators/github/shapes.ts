/**
 * Response bodies in GitHub's shapes. Every builder is typed with the response type Octokit derives from
 * GitHub's OpenAPI description, so a missing or mistyped field fails type-checking; the tests additionally
 * compare against responses recorded from api.github.com (`@octokit/fixtures`).
 */
import type { RestEndpointMethodTypes as Rest } from '@octokit/rest';
import { permissionsFor } from './auth';
import type { CommitObject, GitRepo, Person } from './git';
import { type Issue, type Model, noreplyEmail, type Repo } from './model';
import type { AccessLevel, SeedInstallation, SeedUser } from './seed';
import type { StoredPull } from './store';

type Data<G extends keyof Rest, M extends keyof Rest[G]> = Rest[G][M] extends { response: { data: infer D } } ? D : never;

export type FullRepository = Data<'repos', 'get'>;
export type Repository = Data<'repos', 'listForAuthenticatedUser'>[number];
export type SimpleUser = FullRepository['owner'];
export type PublicUser = Extract<Data<'users', 'getByUsername'>, { private_gists?: number }>;
export type PrivateUser = Extract<Data<'users', 'getAuthenticated'>, { two_factor_authentication: boolean }>;
export type Email = Data<'users', 'listEmailsForAuthenticatedUser'>[number];
export type ShortBranch = Data<'repos', 'listBranches'>[number];
export type Branch = Data<'repos', 'getBranch'>;
export type GitRef = Data<'git', 'getRef'>;
export type GitCommit = Data<'git', 'getCommit'>;
export type GitTree = Data<'git', 'getTree'>;
export type Blob = Data<'git', 'getBlob'>;
export type Commit = Data<'repos', 'getCommit'>;
export type DiffEntry = NonNullable<Commit['files']>[number];
export type Comparison = Data<'repos', 'compareCommitsWithBasehead'>;
type ContentResponse = Data<'repos', 'getContent'>;
export type ContentDirectory = Extract<ContentResponse, unknown[]>;
export type ContentFile = Extract<ContentResponse, { type: 'file'; encoding: string }>;
export type PullRequest = Data<'pulls', 'get'>;
export type PullRequestSimple = Data<'pulls', 'list'>[number];
export type IssueShape = Data<'issues', 'get'>;
export type IssueComment = Data<'issues', 'listComments'>[number];
export type Installation = Data<'apps', 'getInstallation'>;
export type InstallationTokenResponse = Data<'apps', 'createInstallationAccessToken'>;
export type Integration = Data<'apps', 'getAuthenticated'>;

export interface Urls {
  /** Web root, e.g. http://127.0.0.1:3900 */
  web: string;
  /** REST root, e.g. http://127.0.0.1:3900/api/v3 */
  api: string;
}

/** GitHub's legacy (v1) GraphQL node ids: base64 of "<len>:<Type><id>". */
export function nodeId(type: string, id: string | number): string {
  const body = `${type}${id}`;
  return Buffer.from(`${String(type.length).padStart(2, '0')}:${body}`).toString('base64');
}

/** GitHub renders times as UTC without fractions. */
export function isoTime(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** GitHub returns commit messages without git's trailing newline. */
function cleanMessage(message: string): string {
  return message.replace(/\n+$/, '');
}

function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

export class Shapes {
  constructor(
    readonly model: Model,
    readonly urls: Urls,
  ) {}

  repoApi(repo: Repo): string {
    return `${this.urls.api}/repos/${repo.fullName}`;
  }

  repoWeb(repo: Repo): string {
    return `${this.urls.web}/${repo.fullName}`;
  }

  avatarUrl(user: SeedUser): string {
    return `${this.urls.web}/avatars/${user.login}`;
  }

  simpleUser(user: SeedUser): SimpleUser {
    const url = `${this.urls.api}/users/${user.login}`;
    return {
      login: user.login,
      id: user.id,
      node_id: nodeId('User', user.id),
      avatar_url: this.avatarUrl(user),
      gravatar_id: '',
      url,
      html_url: `${this.urls.web}/${user.login}`,
      followers_url: `${url}/followers`,
      following_url: `${url}/following{/other_user}`,
      gists_url: `${url}/gists{/gist_id}`,
      starred_url: `${url}/starred{/owner}{/repo}`,
      subscriptions_url: `${url}/subscriptions`,
      organizations_url: `${url}/orgs`,
      repos_url: `${url}/repos`,
      events_url: `${url}/events{/privacy}`,
      received_events_url: `${url}/received_events`,
      type: 'User',
      user_view_type: 'public',
      site_admin: false,
    };
  }

  publicUser(user: SeedUser): PublicUser {
    const publicRepos = [...this.model.repos.values()].filter((r) => r.owner === user && !r.seed.private).length;
    return {
      ...this.simpleUser(user),
      name: user.name,
      company: user.company,
      blog: '',
      location: user.location,
      email: user.email,
      hireable: null,
      bio: user.bio,
      twitter_username: null,
      public_repos: publicRepos,
      public_gists: 0,
      followers: 0,
      following: 0,
      created_at: user.created_at,
      updated_at: user.created_at,
    };
  }

  privateUser(user: SeedUser): PrivateUser {
    const owned = [...this.model.repos.values()].filter((r) => r.owner === user && r.seed.private).length;
    return {
      ...this.publicUser(user),
      user_view_type: 'private',
      notification_email: user.email,
      private_gists: 0,
      total_private_repos: owned,
      owned_private_repos: owned,
      disk_usage: 0,
      collaborators: 0,
      two_factor_authentication: false,
      plan: { name: 'free', space: 976_562_499, collaborators: 0, private_repos: 10_000 },
    };
  }

  emails(user: SeedUser): Email[] {
    return [
      { email: user.email, primary: true, verified: true, visibility: 'public' },
      { email: noreplyEmail(user), primary: false, verified: true, visibility: null },
    ];
  }

  /** Fields shared by `repository` and `full-repository`; `permissions` only for authenticated callers. */
  private repoCommon(repo: Repo, access: AccessLevel | null | undefined, pushedAt: string, size: number) {
    const api = this.repoApi(repo);
    const web = this.repoWeb(repo);
    const host = new URL(this.urls.web).host;
    const s = repo.seed;
    return {
      id: repo.id,
      node_id: nodeId('Repository', repo.id),
      name: s.name,
      full_name: repo.fullName,
      private: s.private,
      owner: this.simpleUser(repo.owner),
      html_url: web,
      description: s.description,
      fork: false,
      url: api,
      forks_url: `${api}/forks`,
      keys_url: `${api}/keys{/key_id}`,
      collaborators_url: `${api}/collaborators{/collaborator}`,
      teams_url: `${api}/teams`,
      hooks_url: `${api}/hooks`,
      issue_events_url: `${api}/issues/events{/number}`,
      events_url: `${api}/events`,
      assignees_url: `${api}/assignees{/user}`,
      branches_url: `${api}/branches{/branch}`,
      tags_url: `${api}/tags`,
      blobs_url: `${api}/git/blobs{/sha}`,
      git_tags_url: `${api}/git/tags{/sha}`,
      git_refs_url: `${api}/git/refs{/sha}`,
      trees_url: `${api}/git/trees{/sha}`,
      statuses_url: `${api}/statuses/{sha}`,
      languages_url: `${api}/languages`,
      stargazers_url: `${api}/stargazers`,
      contributors_url: `${api}/contributors`,
      subscribers_url: `${api}/subscribers`,
      subscription_url: `${api}/subscription`,
      commits_url: `${api}/commits{/sha}`,
      git_commits_url: `${api}/git/commits{/sha}`,
      comments_url: `${api}/comments{/number}`,
      issue_comment_url: `${api}/issues/comments{/number}`,
      contents_url: `${api}/contents/{+path}`,
      compare_url: `${api}/compare/{base}...{head}`,
      merges_url: `${api}/merges`,
      archive_url: `${api}/{archive_format}{/ref}`,
      downloads_url: `${api}/downloads`,
      issues_url: `${api}/issues{/number}`,
      pulls_url: `${api}/pulls{/number}`,
      milestones_url: `${api}/milestones{/number}`,
      notifications_url: `${api}/notifications{?since,all,participating}`,
      labels_url: `${api}/labels{/name}`,
      releases_url: `${api}/releases{/id}`,
      deployments_url: `${api}/deployments`,
      created_at: repo.createdAt,
      updated_at: pushedAt,
      pushed_at: pushedAt,
      git_url: `git://${host}/${repo.fullName}.git`,
      ssh_url: `git@${host}:${repo.fullName}.git`,
      clone_url: `${web}.git`,
      svn_url: web,
      homepage: s.homepage,
      size,
      stargazers_count: 0,
      watchers_count: 0,
      language: null,
      has_issues: true,
      has_projects: true,
      has_downloads: true,
      has_wiki: true,
      has_pages: false,
      has_discussions: false,
      forks_count: 0,
      mirror_url: null,
      archived: false,
      disabled: false,
      open_issues_count: this.model.store.pulls(repo.fullName).filter((p) => p.state === 'open').length,
      license: null,
      allow_forking: true,
      is_template: false,
      web_commit_signoff_required: false,
      topics: s.topics,
      visibility: s.private ? 'private' : 'public',
      forks: 0,
      open_issues: this.model.store.pulls(repo.fullName).filter((p) => p.state === 'open').length,
      watchers: 0,
      default_branch: s.default_branch,
      ...(access === undefined ? {} : { permissions: permissionsFor(access) }),
    };
  }

  fullRepository(repo: Repo, access: AccessLevel | null | undefined, pushedAt: string, size: number): FullRepository {
    const push = access === 'admin' || access === 'write';
    return {
      ...this.repoCommon(repo, access, pushedAt, size),
      ...(access === undefined ? {} : { temp_clone_token: push ? '' : null }),
      allow_squash_merge: true,
      allow_merge_commit: true,
      allow_rebase_merge: true,
      allow_auto_merge: false,
      delete_branch_on_merge: false,
      allow_update_branch: false,
      use_squash_pr_title_as_default: false,
      squash_merge_commit_message: 'COMMIT_MESSAGES',
      squash_merge_commit_title: 'COMMIT_OR_PR_TITLE',
      merge_commit_message: 'PR_TITLE',
      merge_commit_title: 'MERGE_MESSAGE',
      network_count: 0,
      subscribers_count: 0,
    };
  }

  repository(repo: Repo, access: AccessLevel | null | undefined, pushedAt: string, size: number): Repository {
    return this.repoCommon(repo, access, pushedAt, size);
  }

  gitRef(repo: Repo, ref: string, sha: string, type: string): GitRef {
    const api = this.repoApi(repo);
    return {
      ref,
      node_id: nodeId('Ref', `${repo.id}:${ref}`),
      url: `${api}/git/${encodePath(ref)}`,
      object: { sha, type, url: `${api}/git/${type}s/${sha}` },
    };
  }

  private gitPerson(person: Person): { name: string; email: string; date: string } {
    return { name: person.name, email: person.email, date: isoTime(person.time) };
  }

  private verification(commit: CommitObject) {
    return {
      verified: false,
      reason: commit.signature ? 'unknown_key' : 'unsigned',
      signature: commit.signature,
      payload: null,
      verified_at: null,
    };
  }

  gitCommit(repo: Repo, commit: CommitObject): GitCommit {
    const api = this.repoApi(repo);
    return {
      sha: commit.sha,
      node_id: nodeId('Commit', `${repo.id}:${commit.sha}`),
      url: `${api}/git/commits/${commit.sha}`,
      html_url: `${this.repoWeb(repo)}/commit/${commit.sha}`,
      author: this.gitPerson(commit.author),
      committer: this.gitPerson(commit.committer),
      tree: { sha: commit.tree, url: `${api}/git/trees/${commit.tree}` },
      message: cleanMessage(commit.message),
      parents: commit.parents.map((sha) => ({
        sha,
        url: `${api}/git/commits/${sha}`,
        html_url: `${this.repoWeb(repo)}/commit/${sha}`,
      })),
      verification: this.verification(commit),
    };
  }

  commit(repo: Repo, commit: CommitObject, extra: Pick<Commit, 'stats' | 'files'> = {}): Commit {
    const api = this.repoApi(repo);
    const web = this.repoWeb(repo);
    const author = this.model.userByEmail(commit.author.email);
    const committer = this.model.userByEmail(commit.committer.email);
    return {
      sha: commit.sha,
      node_id: nodeId('Commit', `${repo.id}:${commit.sha}`),
      commit: {
        author: this.gitPerson(commit.author),
        committer: this.gitPerson(commit.committer),
        message: cleanMessage(commit.message),
        tree: { sha: commit.tree, url: `${api}/git/trees/${commit.tree}` },
        url: `${api}/git/commits/${commit.sha}`,
        comment_count: 0,
        verification: this.verification(commit),
      },
      url: `${api}/commits/${commit.sha}`,
      html_url: `${web}/commit/${commit.sha}`,
      comments_url: `${api}/commits/${commit.sha}/comments`,
      author: author ? this.simpleUser(author) : null,
      committer: committer ? this.simpleUser(committer) : null,
      parents: commit.parents.map((sha) => ({ sha, url: `${api}/commits/${sha}`, html_url: `${web}/commit/${sha}` })),
      ...extra,
    };
  }

  shortBranch(repo: Repo, name: string, sha: string): ShortBranch {
    return { name, commit: { sha, url: `${this.repoApi(repo)}/commits/${sha}` }, protected: false };
  }

  branch(repo: Repo, name: string, commit: CommitObject): Branch {
    const api = this.repoApi(repo);
    const encoded = encodeURIComponent(name);
    return {
      name,
      commit: this.commit(repo, commit),
      _links: { self: `${api}/branches/${encoded}`, html: `${this.repoWeb(repo)}/tree/${encodePath(name)}` },
      protected: false,
      protection: {
        enabled: false,
        required_status_checks: { enforcement_level: 'off', contexts: [], checks: [] },
      },
      protection_url: `${api}/branches/${encoded}/protection`,
    };
  }

  diffEntry(repo: Repo, headSha: string, entry: Omit<DiffEntry, 'blob_url' | 'raw_url' | 'contents_url'>): DiffEntry {
    const file = encodePath(entry.filename);
    return {
      ...entry,
      blob_url: `${this.repoWeb(repo)}/blob/${headSha}/${file}`,
      raw_url: `${this.repoWeb(repo)}/raw/${headSha}/${file}`,
      contents_url: `${this.repoApi(repo)}/contents/${file}?ref=${headSha}`,
    };
  }

  blob(repo: Repo, sha: string, content: Buffer): Blob {
    return {
      sha,
      node_id: nodeId('Blob', `${repo.id}:${sha}`),
      size: content.length,
      url: `${this.repoApi(repo)}/git/blobs/${sha}`,
      // GitHub wraps base64 at 60 characters.
      content: (content.toString('base64').match(/.{1,60}/g) ?? []).map((line) => `${line}\n`).join(''),
      encoding: 'base64',
    };
  }

  contentEntry(
    repo: Repo,
    ref: string,
    entry: { path: string; type: 'file' | 'dir' | 'symlink' | 'submodule'; sha: string; size: number },
  ): ContentDirectory[number] {
    const api = this.repoApi(repo);
    const web = this.repoWeb(repo);
    const file = encodePath(entry.path);
    const self = `${api}/contents/${file}?ref=${encodeURIComponent(ref)}`;
    const gitUrl =
      entry.type === 'dir' ? `${api}/git/trees/${entry.sha}` : entry.type === 'submodule' ? null : `${api}/git/blobs/${entry.sha}`;
    const htmlUrl =
      entry.type === 'submodule' ? null : `${web}/${entry.type === 'dir' ? 'tree' : 'blob'}/${encodePath(ref)}/${file}`;
    return {
      name: entry.path.split('/').pop() ?? entry.path,
      path: entry.path,
      sha: entry.sha,
      size: entry.size,
      url: self,
      html_url: htmlUrl,
      git_url: gitUrl,
      download_url: entry.type === 'file' || entry.type === 'symlink' ? `${web}/raw/${encodePath(ref)}/${file}` : null,
      type: entry.type,
      _links: { self, git: gitUrl, html: htmlUrl },
    };
  }

  contentFile(repo: Repo, ref: string, path: string, sha: string, content: Buffer): ContentFile {
    // Like GitHub, files over 1 MB come without inline content.
    const inline = content.length <= 1024 * 1024;
    return {
      ...this.contentEntry(repo, ref, { path, type: 'file', sha, size: content.length }),
      type: 'file',
      content: inline ? this.blob(repo, sha, content).content : '',
      encoding: inline ? 'base64' : 'none',
    };
  }

  installation(installation: SeedInstallation): Installation {
    const app = this.model.seed.app;
    const account = this.model.user(installation.account) as SeedUser;
    return {
      id: installation.id,
      client_id: app?.client_id,
      account: this.simpleUser(account),
      repository_selection: installation.repository_selection,
      access_tokens_url: `${this.urls.api}/app/installations/${installation.id}/access_tokens`,
      repositories_url: `${this.urls.api}/installation/repositories`,
      html_url: `${this.urls.web}/settings/installations/${installation.id}`,
      app_id: app?.id ?? 0,
      app_slug: app?.slug ?? '',
      target_id: account.id,
      target_type: 'User',
      permissions: installation.permissions,
      events: [],
      created_at: account.created_at,
      updated_at: account.created_at,
      single_file_name: null,
      has_multiple_single_files: false,
      single_file_paths: [],
      suspended_by: null,
      suspended_at: null,
    };
  }

  integration(): NonNullable<Integration> | null {
    const app = this.model.seed.app;
    if (!app) return null;
    const owner = this.model.user(app.owner) as SeedUser;
    return {
      id: app.id,
      slug: app.slug,
      client_id: app.client_id,
      node_id: nodeId('App', app.id),
      owner: this.simpleUser(owner),
      name: app.name,
      description: 'GitHub App of the local forge',
      external_url: this.urls.web,
      html_url: `${this.urls.web}/apps/${app.slug}`,
      created_at: owner.created_at,
      updated_at: owner.created_at,
      permissions: { metadata: 'read', contents: 'write', pull_requests: 'write', issues: 'read' },
      events: [],
      installations_count: app.installations.length,
    };
  }

  /** The shared part of `pull-request` and `pull-request-simple`. */
  private pullCommon(
    repo: Repo,
    pull: StoredPull,
    heads: { head: string; base: string },
    repoShape: Repository,
  ) {
    const api = this.repoApi(repo);
    const web = this.repoWeb(repo);
    const author = this.model.user(pull.user) as SeedUser;
    const url = `${api}/pulls/${pull.number}`;
    const owner = this.simpleUser(repo.owner);
    const link = (href: string) => ({ href });
    return {
      url,
      id: pull.id,
      node_id: nodeId('PullRequest', pull.id),
      html_url: `${web}/pull/${pull.number}`,
      diff_url: `${web}/pull/${pull.number}.diff`,
      patch_url: `${web}/pull/${pull.number}.patch`,
      issue_url: `${api}/issues/${pull.number}`,
      commits_url: `${url}/commits`,
      review_comments_url: `${url}/comments`,
      review_comment_url: `${api}/pulls/comments{/number}`,
      comments_url: `${api}/issues/${pull.number}/comments`,
      statuses_url: `${api}/statuses/${heads.head}`,
      number: pull.number,
      state: pull.state,
      locked: false,
      title: pull.title,
      user: this.simpleUser(author),
      body: pull.body,
      labels: [],
      milestone: null,
      active_lock_reason: null,
      created_at: pull.createdAt,
      updated_at: pull.updatedAt,
      closed_at: null,
      merged_at: null,
      merge_commit_sha: null,
      assignee: null,
      assignees: [],
      requested_reviewers: [],
      requested_teams: [],
      head: { label: `${repo.owner.login}:${pull.head}`, ref: pull.head, sha: heads.head, user: owner, repo: repoShape },
      base: { label: `${repo.owner.login}:${pull.base}`, ref: pull.base, sha: heads.base, user: owner, repo: repoShape },
      _links: {
        self: link(url),
        html: link(`${web}/pull/${pull.number}`),
        issue: link(`${api}/issues/${pull.number}`),
        comments: link(`${api}/issues/${pull.number}/comments`),
        review_comments: link(`${url}/comments`),
        review_comment: link(`${api}/pulls/comments{/number}`),
        commits: link(`${url}/commits`),
        statuses: link(`${api}/statuses/${heads.head}`),
      },
      author_association: this.model.userAccess(pull.user, repo) === null ? ('NONE' as const) : ('COLLABORATOR' as const),
      auto_merge: null,
      draft: pull.draft,
    };
  }

  /** An issue; a pull request seen through the issues API is one too, marked by `pull_request`. */
  issue(repo: Repo, issue: Issue | StoredPull): IssueShape {
    const api = `${this.repoApi(repo)}/issues/${issue.number}`;
    const web = this.repoWeb(repo);
    const isPull = !('commentIds' in issue);
    const author = this.model.user(issue.user) as SeedUser;
    const createdAt = isPull ? issue.createdAt : issue.created_at;
    const updatedAt = isPull ? issue.updatedAt : (issue.comments.at(-1)?.created_at ?? issue.created_at);
    return {
      url: api,
      repository_url: this.repoApi(repo),
      labels_url: `${api}/labels{/name}`,
      comments_url: `${api}/comments`,
      events_url: `${api}/events`,
      html_url: `${web}/${isPull ? 'pull' : 'issues'}/${issue.number}`,
      id: issue.id,
      node_id: nodeId(isPull ? 'PullRequest' : 'Issue', issue.id),
      number: issue.number,
      title: issue.title,
      user: this.simpleUser(author),
      labels: isPull
        ? []
        : issue.labels.map((name, i) => ({
            id: issue.id * 10 + i,
            node_id: nodeId('Label', issue.id * 10 + i),
            url: `${this.repoApi(repo)}/labels/${encodeURIComponent(name)}`,
            name,
            color: 'ededed',
            default: false,
            description: null,
          })),
      state: issue.state,
      state_reason: issue.state === 'closed' && !isPull ? 'completed' : null,
      locked: false,
      assignee: null,
      assignees: [],
      milestone: null,
      comments: isPull ? 0 : issue.comments.length,
      created_at: createdAt,
      updated_at: updatedAt,
      closed_at: issue.state === 'closed' ? updatedAt : null,
      author_association: this.model.userAccess(issue.user, repo) === null ? 'NONE' : 'COLLABORATOR',
      active_lock_reason: null,
      body: issue.body,
      ...(isPull
        ? {
            draft: issue.draft,
            pull_request: {
              url: `${this.repoApi(repo)}/pulls/${issue.number}`,
              html_url: `${web}/pull/${issue.number}`,
              diff_url: `${web}/pull/${issue.number}.diff`,
              patch_url: `${web}/pull/${issue.number}.patch`,
              merged_at: null,
            },
          }
        : {}),
      timeline_url: `${api}/timeline`,
      performed_via_github_app: null,
    };
  }

  issueComments(repo: Repo, issue: Issue): IssueComment[] {
    const issueUrl = `${this.repoApi(repo)}/issues/${issue.number}`;
    return issue.comments.map((comment, index) => {
      const id = issue.commentIds[index]!;
      return {
        url: `${this.repoApi(repo)}/issues/comments/${id}`,
        html_url: `${this.repoWeb(repo)}/issues/${issue.number}#issuecomment-${id}`,
        issue_url: issueUrl,
        id,
        node_id: nodeId('IssueComment', id),
        user: this.simpleUser(this.model.user(comment.user) as SeedUser),
        created_at: comment.created_at,
        updated_at: comment.created_at,
        author_association: this.model.userAccess(comment.user, repo) === null ? 'NONE' : 'COLLABORATOR',
        body: comment.body,
        performed_via_github_app: null,
      };
    });
  }

  pullSimple(repo: Repo, pull: StoredPull, heads: { head: string; base: string }, repoShape: Repository): PullRequestSimple {
    return this.pullCommon(repo, pull, heads, repoShape);
  }

  pull(
    repo: Repo,
    pull: StoredPull,
    heads: { head: string; base: string },
    repoShape: Repository,
    stats: { commits: number; additions: number; deletions: number; changed_files: number },
  ): PullRequest {
    return {
      ...this.pullCommon(repo, pull, heads, repoShape),
      merged: false,
      mergeable: null,
      rebaseable: null,
      mergeable_state: 'unknown',
      merged_by: null,
      comments: 0,
      review_comments: 0,
      maintainer_can_modify: false,
      ...stats,
    };
  }
}

/** Newest commit time over all branches (GitHub's `pushed_at`) and the repository size in KB. */
export async function repoStats(git: GitRepo): Promise<{ pushedAt: string; size: number }> {
  const [latest, objects] = await Promise.all([
    git.text(['for-each-ref', '--sort=-committerdate', '--count=1', '--format=%(committerdate:unix)', 'refs/heads/']),
    git.text(['count-objects', '-v']),
  ]);
  const kb = (key: string) => Number(/^(\S+): (\d+)$/m.exec(objects.split('\n').find((l) => l.startsWith(`${key}:`)) ?? '')?.[2] ?? 0);
  return { pushedAt: isoTime(Number(latest) || 0), size: kb('size') + kb('size-pack') };
}
