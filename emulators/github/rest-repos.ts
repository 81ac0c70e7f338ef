/** Repositories, branches, commits, compare, contents, archives and pull requests. */
import { z } from 'zod';
import { type Api, type ApiCall, ApiError, notFound, validationFailed } from './api';
import { diffFiles, EMPTY_TREE } from './diff';
import { ZERO_SHA } from './git';
import type { Repo } from './model';
import { defaultAuthor, personInput, replicaSha, sendRawOr, toPerson } from './rest-git';
import { type Comparison, isoTime, repoStats } from './shapes';
import type { StoredPull } from './store';
import { newToken } from './store';

/** Short-lived tokens for archive downloads, like codeload's `?token=` on private repositories. */
export interface ArchiveGrant {
  repo: Repo;
  sha: string;
  expiresAt: number;
}

export const archiveGrants = new Map<string, ArchiveGrant>();

async function commitOr422(call: ApiCall, repo: Repo, ref: string): Promise<string> {
  const sha = await repo.git.resolveRef(ref);
  if (!sha) throw new ApiError(422, `No commit found for SHA: ${ref}`, call.docs);
  return sha;
}

/** Splits `base...head` (or `base..head`); a `owner:` prefix naming this repository's owner is accepted. */
function parseBasehead(repo: Repo, basehead: string): { base: string; head: string } | null {
  const match = /^(.+?)\.{2,3}(.+)$/.exec(basehead);
  if (!match) return null;
  const strip = (ref: string) => (ref.toLowerCase().startsWith(`${repo.owner.login.toLowerCase()}:`) ? ref.slice(ref.indexOf(':') + 1) : ref);
  return { base: strip(match[1] ?? ''), head: strip(match[2] ?? '') };
}

async function pullHeads(repo: Repo, pull: StoredPull) {
  return {
    head: (await repo.git.resolve(`refs/heads/${pull.head}`)) ?? pull.headSha,
    base: (await repo.git.resolve(`refs/heads/${pull.base}`)) ?? pull.baseSha,
  };
}

export function registerRepoRoutes(api: Api): void {
  api.route('GET', '/repos/:owner/:repo', 'repos/repos#get-a-repository', async (call) => {
    const { repo, access } = call.repo();
    const stats = await repoStats(repo.git);
    call.json(200, call.shapes.fullRepository(repo, call.permissionsAccess(access), stats.pushedAt, stats.size));
  });

  api.route('GET', '/repos/:owner/:repo/branches', 'branches/branches#list-branches', async (call) => {
    const { repo } = call.repo();
    const branches = (await repo.git.branches()).map((b) =>
      call.shapes.shortBranch(repo, b.ref.slice('refs/heads/'.length), b.sha),
    );
    const page = call.paginate(branches);
    call.json(200, page.items, page.headers);
  });

  api.route('GET', '/repos/:owner/:repo/branches/*branch', 'branches/branches#get-a-branch', async (call) => {
    const { repo } = call.repo();
    const name = call.param('branch');
    const sha = await repo.git.resolve(`refs/heads/${name}`);
    if (!sha) throw new ApiError(404, 'Branch not found', call.docs);
    call.json(200, call.shapes.branch(repo, name, await repo.git.readCommit(replicaSha(call, repo, `refs/heads/${name}`, sha))));
  });

  api.route('GET', '/repos/:owner/:repo/commits', 'commits/commits#list-commits', async (call) => {
    const { repo } = call.repo();
    if (await repo.git.isEmpty()) throw new ApiError(409, 'Git Repository is empty.', call.docs);
    const ref = call.query('sha') ?? repo.seed.default_branch;
    const start = await repo.git.resolveRef(ref);
    if (!start) throw new ApiError(404, `No commit found for SHA: ${ref}`, call.docs);
    const filters: string[] = [];
    const since = call.query('since');
    const until = call.query('until');
    if (since) filters.push(`--since=${since}`);
    if (until) filters.push(`--until=${until}`);
    const author = call.query('author');
    if (author) filters.push(`--author=${call.model.user(author)?.email ?? author}`, '--fixed-strings');
    const path = call.query('path');
    const pathArgs = path ? ['--', path.replace(/^\/+/, '')] : [];
    const { perPage, page } = call.pageParams();
    const [total, shas] = await Promise.all([
      repo.git.countCommits([...filters, start, ...pathArgs]),
      repo.git.revList([...filters, `--skip=${(page - 1) * perPage}`, `--max-count=${perPage}`, start, ...pathArgs]),
    ]);
    const commits = await Promise.all(shas.map(async (sha) => call.shapes.commit(repo, await repo.git.readCommit(sha))));
    call.json(200, commits, call.linkHeader(page, Math.max(1, Math.ceil(total / perPage))));
  });

  api.route('GET', '/repos/:owner/:repo/commits/*ref', 'commits/commits#get-a-commit', async (call) => {
    const { repo } = call.repo();
    if (await repo.git.isEmpty()) throw new ApiError(409, 'Git Repository is empty.', call.docs);
    const sha = await commitOr422(call, repo, call.param('ref'));
    const commit = await repo.git.readCommit(sha);
    const files = (await diffFiles(repo.git, commit.parents[0] ?? EMPTY_TREE, sha)).map((f) =>
      call.shapes.diffEntry(repo, sha, f),
    );
    const additions = files.reduce((n, f) => n + f.additions, 0);
    const deletions = files.reduce((n, f) => n + f.deletions, 0);
    call.json(200, call.shapes.commit(repo, commit, { stats: { total: additions + deletions, additions, deletions }, files }));
  });

  api.route('GET', '/repos/:owner/:repo/compare/*basehead', 'commits/commits#compare-two-commits', async (call) => {
    const { repo } = call.repo();
    const basehead = call.param('basehead');
    const parsed = parseBasehead(repo, basehead);
    if (!parsed) throw notFound();
    const [base, head] = await Promise.all([repo.git.resolveRef(parsed.base), repo.git.resolveRef(parsed.head)]);
    if (!base || !head) throw notFound();
    const mergeBase = await repo.git.mergeBase(base, head);
    if (!mergeBase) {
      throw new ApiError(404, `No common ancestor between ${parsed.base} and ${parsed.head}.`, call.docs);
    }
    const [aheadBy, behindBy, commitShas, rawFiles] = await Promise.all([
      repo.git.countCommits([`${base}..${head}`]),
      repo.git.countCommits([`${head}..${base}`]),
      repo.git.revList(['--reverse', '--topo-order', `${base}..${head}`]),
      diffFiles(repo.git, mergeBase, head),
    ]);
    const listed = call.query('page') || call.query('per_page') ? call.paginate(commitShas) : { items: commitShas.slice(0, 250), headers: {} };
    const commits = await Promise.all(listed.items.map(async (sha) => call.shapes.commit(repo, await repo.git.readCommit(sha))));
    const web = call.shapes.repoWeb(repo);
    const owner = repo.owner.login;
    call.json(
      200,
      {
        url: `${call.shapes.repoApi(repo)}/compare/${basehead}`,
        html_url: `${web}/compare/${basehead}`,
        permalink_url: `${web}/compare/${owner}:${base.slice(0, 7)}...${owner}:${head.slice(0, 7)}`,
        diff_url: `${web}/compare/${basehead}.diff`,
        patch_url: `${web}/compare/${basehead}.patch`,
        base_commit: call.shapes.commit(repo, await repo.git.readCommit(base)),
        merge_base_commit: call.shapes.commit(repo, await repo.git.readCommit(mergeBase)),
        status: aheadBy === 0 && behindBy === 0 ? 'identical' : behindBy === 0 ? 'ahead' : aheadBy === 0 ? 'behind' : 'diverged',
        ahead_by: aheadBy,
        behind_by: behindBy,
        total_commits: aheadBy,
        commits,
        files: rawFiles.map((f) => call.shapes.diffEntry(repo, head, f)),
      } satisfies Comparison,
      listed.headers,
    );
  });

  const contents = async (call: ApiCall) => {
    const { repo } = call.repo();
    if (await repo.git.isEmpty()) throw new ApiError(404, 'This repository is empty.', call.docs);
    const ref = call.query('ref') || repo.seed.default_branch;
    const commit = await repo.git.resolveRef(ref);
    if (!commit) throw new ApiError(404, `No commit found for the ref ${ref}`, call.docs);
    const path = (call.params.path ?? '').replace(/^\/+|\/+$/g, '');
    let tree = commit;
    if (path) {
      const [entry] = await repo.git.lsTree(commit, { path });
      if (!entry || entry.path !== path) throw notFound();
      if (entry.type === 'blob') {
        const content = await repo.git.readBlob(entry.sha);
        if (entry.mode === '120000') {
          return call.json(200, {
            ...call.shapes.contentEntry(repo, ref, { path, type: 'symlink', sha: entry.sha, size: content.length }),
            type: 'symlink',
            target: content.toString('utf8'),
          });
        }
        return sendRawOr(call, content, () => call.shapes.contentFile(repo, ref, path, entry.sha, content));
      }
      if (entry.type === 'commit') {
        return call.json(200, {
          ...call.shapes.contentEntry(repo, ref, { path, type: 'submodule', sha: entry.sha, size: 0 }),
          type: 'submodule',
          submodule_git_url: '',
        });
      }
      tree = entry.sha;
    }
    const entries = await repo.git.lsTree(tree);
    call.json(
      200,
      entries.map((e) =>
        call.shapes.contentEntry(repo, ref, {
          path: path ? `${path}/${e.path}` : e.path,
          type: e.type === 'tree' ? 'dir' : e.type === 'commit' ? 'submodule' : e.mode === '120000' ? 'symlink' : 'file',
          sha: e.sha,
          size: e.size ?? 0,
        }),
      ),
    );
  };
  api.route('GET', '/repos/:owner/:repo/contents', 'repos/contents#get-repository-content', contents);
  api.route('GET', '/repos/:owner/:repo/contents/*path', 'repos/contents#get-repository-content', contents);

  api.route('PUT', '/repos/:owner/:repo/contents/*path', 'repos/contents#create-or-update-file-contents', async (call) => {
    const { repo } = call.repo('write');
    const body = await call.body(
      z.object({
        message: z.string(),
        content: z.string().regex(/^[A-Za-z0-9+/=\s]*$/, 'Base64'),
        sha: z.string().optional(),
        branch: z.string().optional(),
        committer: personInput.optional(),
        author: personInput.optional(),
      }),
    );
    const path = call.param('path').replace(/^\/+|\/+$/g, '');
    if (path.split('/').some((s) => s === '' || s === '.' || s === '..' || s === '.git') || path.includes('\0')) {
      throw new ApiError(422, 'path contains a malformed path component', call.docs);
    }
    const branch = body.branch ?? repo.seed.default_branch;
    const ref = `refs/heads/${branch}`;
    // The contents API is the one REST way to write to an empty repository: its first commit has no parent.
    const head = (await repo.git.isEmpty()) ? null : await repo.git.resolve(ref);
    if (!head && !(await repo.git.isEmpty())) throw new ApiError(404, `Branch ${branch} not found`, call.docs);
    const headCommit = head ? await repo.git.readCommit(head) : null;
    const [existing] = head ? await repo.git.lsTree(head, { path }) : [];
    const current = existing && existing.path === path ? existing : undefined;
    if (current && current.type !== 'blob') throw new ApiError(422, `path ${path} is a directory`, call.docs);
    if (current && body.sha === undefined) throw new ApiError(422, 'Invalid request.\n\n"sha" wasn\'t supplied.', call.docs);
    if (body.sha !== undefined && body.sha !== current?.sha) throw new ApiError(409, `${path} does not match ${body.sha}`, call.docs);
    const content = Buffer.from(body.content, 'base64');
    const blob = await repo.git.writeBlob(content);
    const tree = await repo.git.writeTree(headCommit?.tree ?? null, [{ path, mode: current?.mode ?? '100644', sha: blob }]);
    const author = toPerson(body.author ?? body.committer, defaultAuthor(call));
    const committer = body.committer ? toPerson(body.committer, defaultAuthor(call)) : { ...author };
    const commitSha = await repo.git.commitTree({ tree, parents: head ? [head] : [], message: body.message, author, committer });
    if (!(await repo.git.updateRef(ref, commitSha, head ?? ZERO_SHA))) {
      throw new ApiError(409, `is at ${(await repo.git.resolve(ref)) ?? ''} but expected ${head ?? 'nothing'}`, call.docs);
    }
    if (head) call.env.controls.refUpdated(repo.id, ref, head);
    call.json(current ? 200 : 201, {
      content: call.shapes.contentEntry(repo, branch, { path, type: 'file', sha: blob, size: content.length }),
      commit: call.shapes.gitCommit(repo, await repo.git.readCommit(commitSha)),
    });
  });

  for (const format of ['tarball', 'zipball'] as const) {
    const archive = async (call: ApiCall) => {
      const { repo } = call.repo();
      const ref = call.params.ref ?? repo.seed.default_branch;
      const sha = await repo.git.resolveRef(ref);
      if (!sha) throw notFound();
      const token = newToken('', 32);
      archiveGrants.set(token, { repo, sha, expiresAt: Date.now() + 5 * 60_000 });
      for (const [key, grant] of archiveGrants) if (grant.expiresAt < Date.now()) archiveGrants.delete(key);
      const isBranch = (await repo.git.resolve(`refs/heads/${ref}`)) !== null;
      const refPath = isBranch ? `refs/heads/${ref}` : ref;
      const location = `${call.env.urls.web}/_codeload/${repo.fullName}/legacy.${format === 'tarball' ? 'tar.gz' : 'zip'}/${refPath}?token=${token}`;
      call.send(302, Buffer.alloc(0), { location, 'content-type': 'text/html;charset=utf-8' });
    };
    const docs = `repos/contents#download-a-repository-archive-${format === 'tarball' ? 'tar' : 'zip'}`;
    api.route('GET', `/repos/:owner/:repo/${format}`, docs, archive);
    api.route('GET', `/repos/:owner/:repo/${format}/*ref`, docs, archive);
  }

  registerPullRoutes(api);
}

function registerPullRoutes(api: Api): void {
  const docs = 'pulls/pulls#create-a-pull-request';

  const canWritePulls = (call: ApiCall) => {
    if (call.identity.kind === 'installation' && call.identity.token.permissions.pull_requests !== 'write') {
      throw new ApiError(403, 'Resource not accessible by integration', call.docs);
    }
    if (call.identity.kind === 'anonymous') throw notFound();
  };

  const render = async (call: ApiCall, repo: Repo, pull: StoredPull, full: boolean) => {
    const stats = await repoStats(repo.git);
    const repoShape = call.shapes.repository(repo, undefined, stats.pushedAt, stats.size);
    const heads = await pullHeads(repo, pull);
    if (!full) return call.shapes.pullSimple(repo, pull, heads, repoShape);
    const mergeBase = (await repo.git.mergeBase(heads.base, heads.head)) ?? heads.base;
    const [commits, files] = await Promise.all([
      repo.git.countCommits([`${heads.base}..${heads.head}`]),
      diffFiles(repo.git, mergeBase, heads.head),
    ]);
    return call.shapes.pull(repo, pull, heads, repoShape, {
      commits,
      additions: files.reduce((n, f) => n + f.additions, 0),
      deletions: files.reduce((n, f) => n + f.deletions, 0),
      changed_files: files.length,
    });
  };

  api.route('POST', '/repos/:owner/:repo/pulls', docs, async (call) => {
    const { repo } = call.repo();
    canWritePulls(call);
    const body = await call.body(
      z.object({
        title: z.string().optional(),
        head: z.string(),
        base: z.string(),
        body: z.string().nullable().optional(),
        draft: z.boolean().default(false),
        maintainer_can_modify: z.boolean().optional(),
        issue: z.number().optional(),
      }),
    );
    if (!body.title) throw validationFailed(call.docs, [{ resource: 'PullRequest', code: 'missing_field', field: 'title' }]);
    const headBranch = body.head.includes(':') ? body.head.slice(body.head.indexOf(':') + 1) : body.head;
    const headOwner = body.head.includes(':') ? body.head.slice(0, body.head.indexOf(':')) : repo.owner.login;
    const [headSha, baseSha] = await Promise.all([
      repo.git.resolve(`refs/heads/${headBranch}`),
      repo.git.resolve(`refs/heads/${body.base}`),
    ]);
    const invalid: Record<string, unknown>[] = [];
    if (!baseSha) invalid.push({ resource: 'PullRequest', field: 'base', code: 'invalid' });
    if (!headSha || headOwner.toLowerCase() !== repo.owner.login.toLowerCase()) {
      invalid.push({ resource: 'PullRequest', field: 'head', code: 'invalid' });
    }
    if (invalid.length > 0 || !headSha || !baseSha) throw validationFailed(call.docs, invalid);
    const existing = call.model.store
      .pulls(repo.fullName)
      .find((p) => p.state === 'open' && p.head === headBranch && p.base === body.base);
    if (existing) {
      throw validationFailed(call.docs, [
        { resource: 'PullRequest', code: 'custom', message: `A pull request already exists for ${repo.owner.login}:${headBranch}.` },
      ]);
    }
    if ((await repo.git.countCommits([`${baseSha}..${headSha}`])) === 0) {
      throw validationFailed(call.docs, [
        { resource: 'PullRequest', code: 'custom', message: `No commits between ${body.base} and ${headBranch}` },
      ]);
    }
    const now = isoTime(Math.floor(Date.now() / 1000));
    const author = call.identity.kind === 'user' ? call.identity.user.login : repo.owner.login;
    const pull = call.model.store.addPull(repo.fullName, {
      title: body.title,
      body: body.body ?? null,
      head: headBranch,
      base: body.base,
      user: author,
      draft: body.draft,
      state: 'open',
      createdAt: now,
      updatedAt: now,
      headSha,
      baseSha,
    }, call.model.issues(repo).length);
    const shape = await render(call, repo, pull, true);
    call.json(201, shape, { location: shape.url });
  });

  api.route('GET', '/repos/:owner/:repo/pulls', 'pulls/pulls#list-pull-requests', async (call) => {
    const { repo } = call.repo();
    const state = call.query('state') ?? 'open';
    const head = call.query('head');
    const base = call.query('base');
    const direction = call.query('direction') ?? 'desc';
    const pulls = call.model.store
      .pulls(repo.fullName)
      .filter((p) => state === 'all' || p.state === state)
      .filter((p) => !head || `${repo.owner.login}:${p.head}`.toLowerCase() === head.toLowerCase() || p.head === head)
      .filter((p) => !base || p.base === base)
      .sort((a, b) => (direction === 'asc' ? a.number - b.number : b.number - a.number));
    const page = call.paginate(pulls);
    call.json(200, await Promise.all(page.items.map((p) => render(call, repo, p, false))), page.headers);
  });

  api.route('GET', '/repos/:owner/:repo/pulls/:number', 'pulls/pulls#get-a-pull-request', async (call) => {
    const { repo } = call.repo();
    const pull = call.model.store.pulls(repo.fullName).find((p) => String(p.number) === call.param('number'));
    if (!pull) throw notFound();
    call.json(200, await render(call, repo, pull, true));
  });
}
