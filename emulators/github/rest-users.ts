/** Users, the authenticated user, GitHub App endpoints and installation tokens. */
import { z } from 'zod';
import { type Api, type ApiCall, ApiError, notFound } from './api';
import { repoAccess } from './auth';
import type { Repo } from './model';
import type { SeedInstallation } from './seed';
import { type InstallationTokenResponse, isoTime, repoStats } from './shapes';
import { newToken } from './store';

async function repositoryList(call: ApiCall, repos: Repo[]) {
  return Promise.all(
    repos.map(async (repo) => {
      const stats = await repoStats(repo.git);
      const access = repoAccess(call.model, call.identity, repo);
      return call.shapes.repository(repo, call.permissionsAccess(access), stats.pushedAt, stats.size);
    }),
  );
}

export function registerUserRoutes(api: Api): void {
  api.route('GET', '/user', 'users/users#get-the-authenticated-user', async (call) => {
    call.json(200, call.shapes.privateUser(call.requireUser().user));
  });

  api.route('GET', '/user/emails', 'users/emails#list-email-addresses-for-the-authenticated-user', async (call) => {
    const page = call.paginate(call.shapes.emails(call.requireUser().user));
    call.json(200, page.items, page.headers);
  });

  api.route('GET', '/user/repos', 'repos/repos#list-repositories-for-the-authenticated-user', async (call) => {
    const { user } = call.requireUser();
    const visibility = call.query('visibility') ?? 'all';
    const affiliation = (call.query('affiliation') ?? 'owner,collaborator,organization_member').split(',');
    const repos = [...call.model.repos.values()].filter((repo) => {
      const owner = repo.owner.login.toLowerCase() === user.login.toLowerCase();
      const granted = call.model.userAccess(user.login, repo) !== null;
      if (visibility !== 'all' && (visibility === 'private') !== repo.seed.private) return false;
      // Like GitHub: only repositories the user owns or collaborates on, not every public one.
      if (owner) return affiliation.includes('owner');
      const explicit = Object.entries(call.model.seed.access).some(
        ([name, grants]) =>
          name.toLowerCase() === repo.fullName.toLowerCase() &&
          Object.keys(grants).some((login) => login.toLowerCase() === user.login.toLowerCase()),
      );
      return granted && explicit && affiliation.includes('collaborator');
    });
    repos.sort((a, b) => a.fullName.localeCompare(b.fullName));
    if (call.query('direction') === 'desc') repos.reverse();
    const page = call.paginate(repos);
    call.json(200, await repositoryList(call, page.items), page.headers);
  });

  api.route(
    'GET',
    '/user/installations',
    'apps/installations#list-app-installations-accessible-to-the-user-access-token',
    async (call) => {
      const { user } = call.requireUser();
      const installations = (call.model.seed.app?.installations ?? []).filter((installation) =>
        call.model.installationRepos(installation).some((repo) => call.model.userAccess(user.login, repo) !== null),
      );
      const page = call.paginate(installations);
      call.json(200, { total_count: installations.length, installations: page.items.map((i) => call.shapes.installation(i)) }, page.headers);
    },
  );

  api.route(
    'GET',
    '/user/installations/:id/repositories',
    'apps/installations#list-repositories-accessible-to-the-user-access-token',
    async (call) => {
      const { user } = call.requireUser();
      const installation = call.model.installation(Number(call.param('id')));
      if (!installation) throw notFound();
      const repos = call.model.installationRepos(installation).filter((repo) => call.model.userAccess(user.login, repo) !== null);
      const page = call.paginate(repos);
      call.json(
        200,
        { total_count: repos.length, repository_selection: installation.repository_selection, repositories: await repositoryList(call, page.items) },
        page.headers,
      );
    },
  );

  api.route('GET', '/users/:login', 'users/users#get-a-user', async (call) => {
    const user = call.model.user(call.param('login'));
    if (!user) throw notFound();
    call.json(200, call.shapes.publicUser(user));
  });

  api.route('GET', '/installation/repositories', 'apps/installations#list-repositories-accessible-to-the-app-installation', async (call) => {
    if (call.identity.kind !== 'installation') throw new ApiError(403, 'Resource not accessible by integration', call.docs);
    const { token, installation } = call.identity;
    const repos = [...call.model.repos.values()].filter((repo) =>
      token.repositories.some((name) => name.toLowerCase() === repo.fullName.toLowerCase()),
    );
    const page = call.paginate(repos);
    call.json(
      200,
      { total_count: repos.length, repository_selection: installation.repository_selection, repositories: await repositoryList(call, page.items) },
      page.headers,
    );
  });

  registerAppRoutes(api);
}

function registerAppRoutes(api: Api): void {
  api.route('GET', '/app', 'apps/apps#get-the-authenticated-app', async (call) => {
    call.requireApp();
    call.json(200, call.shapes.integration());
  });

  api.route('GET', '/app/installations', 'apps/apps#list-installations-for-the-authenticated-app', async (call) => {
    call.requireApp();
    const page = call.paginate(call.model.seed.app?.installations ?? []);
    call.json(200, page.items.map((i) => call.shapes.installation(i)), page.headers);
  });

  const installationOr404 = (call: ApiCall): SeedInstallation => {
    call.requireApp();
    const installation = call.model.installation(Number(call.param('id')));
    if (!installation) throw notFound();
    return installation;
  };

  api.route('GET', '/app/installations/:id', 'apps/apps#get-an-installation-for-the-authenticated-app', async (call) => {
    call.json(200, call.shapes.installation(installationOr404(call)));
  });

  api.route(
    'POST',
    '/app/installations/:id/access_tokens',
    'apps/apps#create-an-installation-access-token-for-an-app',
    async (call) => {
      const installation = installationOr404(call);
      const body = await call.body(
        z.object({
          repositories: z.array(z.string()).optional(),
          repository_ids: z.array(z.number()).optional(),
          permissions: z.record(z.string(), z.enum(['read', 'write'])).optional(),
        }),
      );
      const all = call.model.installationRepos(installation);
      const narrowed = body.repositories !== undefined || body.repository_ids !== undefined;
      const repos = narrowed
        ? all.filter(
            (repo) =>
              body.repositories?.some((name) => name.toLowerCase() === repo.seed.name.toLowerCase()) ||
              body.repository_ids?.includes(repo.id),
          )
        : all;
      if (narrowed && repos.length !== (body.repositories?.length ?? 0) + (body.repository_ids?.length ?? 0)) {
        throw new ApiError(422, 'There is at least one repository that does not exist or is not accessible to the parent installation.', call.docs);
      }
      const permissions = { ...installation.permissions };
      for (const [name, level] of Object.entries(body.permissions ?? {})) {
        const granted = installation.permissions[name];
        if (!granted || (level === 'write' && granted === 'read')) {
          throw new ApiError(422, `The permissions requested are not granted to this installation.`, call.docs);
        }
      }
      if (body.permissions) {
        for (const key of Object.keys(permissions)) if (!body.permissions[key]) delete permissions[key];
        Object.assign(permissions, body.permissions);
      }
      const expiresAt = Date.now() + 3600_000;
      const token = newToken('ghs_', 36);
      call.model.store.addToken(token, {
        kind: 'installation',
        installationId: installation.id,
        repositories: repos.map((r) => r.fullName),
        permissions,
        createdAt: Date.now(),
        expiresAt,
      });
      const response: InstallationTokenResponse = {
        token,
        expires_at: isoTime(Math.floor(expiresAt / 1000)),
        permissions,
        repository_selection: narrowed ? 'selected' : installation.repository_selection,
        ...(narrowed ? { repositories: await repositoryList(call, repos) } : {}),
      };
      call.json(201, response);
    },
  );

  api.route('GET', '/repos/:owner/:repo/installation', 'apps/apps#get-a-repository-installation-for-the-authenticated-app', async (call) => {
    call.requireApp();
    const repo = call.model.repo(call.param('owner'), call.param('repo'));
    const installation = repo && call.model.seed.app?.installations.find((i) => call.model.installationRepos(i).includes(repo));
    if (!installation) throw notFound();
    call.json(200, call.shapes.installation(installation));
  });

  api.route('GET', '/rate_limit', 'rate-limit/rate-limit#get-rate-limit-status-for-the-authenticated-user', async (call) => {
    const core = call.env.controls.rateLimit(call.rateKey, call.rateDefault);
    const resource = { limit: core.limit, used: core.used, remaining: core.remaining, reset: core.reset };
    call.json(200, { resources: { core: resource }, rate: resource });
  });
}
