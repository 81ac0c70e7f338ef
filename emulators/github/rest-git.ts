/** Git Data API: refs, commits, trees and blobs, backed by real git objects. */
import { z } from 'zod';
import { type Api, type ApiCall, ApiError, notFound } from './api';
import type { Person, TreeChange, TreeEntry } from './git';
import { ZERO_SHA } from './git';
import type { Repo } from './model';
import type { GitTree } from './shapes';

const sha = z.string().regex(/^[0-9a-fA-F]{40}$/, 'a 40-character SHA').transform((s) => s.toLowerCase());

/** GitHub takes `heads/main`; tolerate the full `refs/heads/main` too. */
function fullRef(ref: string): string {
  return ref.startsWith('refs/') ? ref : `refs/${ref}`;
}

/** A ref's sha as a read replica answers it: the previous one for a while after an update when lag is on. */
export function replicaSha(call: ApiCall, repo: Repo, ref: string, sha: string): string {
  return call.env.controls.staleRef(repo.id, ref) ?? sha;
}

/** Answers with the raw bytes for GitHub's raw media type, else with the JSON form. */
export function sendRawOr(call: ApiCall, content: Buffer, json: () => unknown): void {
  if (call.accept().includes('.raw')) {
    call.send(200, content, {
      'content-type': `${call.accept().includes('v3.raw') ? 'application/vnd.github.v3.raw' : 'application/vnd.github.raw'}; charset=utf-8`,
      'x-github-media-type': 'github.v3; param=raw',
    });
  } else {
    call.json(200, json());
  }
}

export const personInput = z.object({
  name: z.string().min(1),
  email: z.string().min(1),
  date: z.string().optional(),
});

export function toPerson(input: z.output<typeof personInput> | undefined, fallback: Omit<Person, 'time' | 'tz'>): Person {
  const now = Math.floor(Date.now() / 1000);
  if (!input) return { ...fallback, time: now, tz: '+0000' };
  const parsed = input.date === undefined ? Number.NaN : Date.parse(input.date);
  const offset = /([+-])(\d{2}):?(\d{2})$/.exec(input.date ?? '');
  return {
    name: input.name,
    email: input.email,
    time: Number.isNaN(parsed) ? now : Math.floor(parsed / 1000),
    tz: offset ? `${offset[1]}${offset[2]}${offset[3]}` : '+0000',
  };
}

/** Author for commits made through the API: the user, or the App's bot for installation tokens. */
export function defaultAuthor(call: ApiCall): Omit<Person, 'time' | 'tz'> {
  const identity = call.identity;
  if (identity.kind === 'user') return { name: identity.user.name, email: identity.user.email };
  const app = call.model.seed.app;
  const bot = `${app?.slug ?? 'app'}[bot]`;
  return { name: bot, email: `${app?.id ?? 0}+${bot}@users.noreply.github.com` };
}

const MODES: Record<string, TreeEntry['type']> = {
  '100644': 'blob',
  '100755': 'blob',
  '120000': 'blob',
  '040000': 'tree',
  '160000': 'commit',
};

const treeInput = z.object({
  base_tree: sha.optional(),
  tree: z.array(
    z.object({
      path: z.string().min(1),
      mode: z.enum(['100644', '100755', '040000', '160000', '120000']),
      type: z.enum(['blob', 'tree', 'commit']).optional(),
      sha: sha.nullable().optional(),
      content: z.string().optional(),
    }),
  ),
});

async function treeBody(call: ApiCall, repo: Repo, treeSha: string, recursive: boolean): Promise<GitTree> {
  const api = call.shapes.repoApi(repo);
  const listed = await repo.git.lsTree(treeSha, { recursive });
  // Like GitHub, a recursive listing over the limit is cut short and says so; clients read subtrees one by one.
  const truncated = recursive && listed.length > call.env.controls.treeLimit;
  const entries = truncated ? listed.slice(0, call.env.controls.treeLimit) : listed;
  return {
    sha: treeSha,
    url: `${api}/git/trees/${treeSha}`,
    tree: entries.map((e) => ({
      path: e.path,
      mode: e.mode,
      type: e.type,
      sha: e.sha,
      ...(e.type === 'blob' ? { size: e.size ?? 0 } : {}),
      ...(e.type === 'commit' ? {} : { url: `${api}/git/${e.type}s/${e.sha}` }),
    })),
    truncated,
  };
}

/** The repository in the path for a git database endpoint: GitHub answers those with 409 while it has no commits. */
async function nonEmptyRepo(call: ApiCall, need: 'read' | 'write' = 'read'): Promise<Repo> {
  const { repo } = call.repo(need);
  if (await repo.git.isEmpty()) throw new ApiError(409, 'Git Repository is empty.', call.docs);
  return repo;
}

export function registerGitRoutes(api: Api): void {
  const refDocs = 'git/refs';

  api.route('GET', '/repos/:owner/:repo/git/ref/*ref', `${refDocs}#get-a-reference`, async (call) => {
    const repo = await nonEmptyRepo(call);
    const ref = fullRef(call.param('ref'));
    const found = (await repo.git.listRefs(ref)).find((r) => r.ref === ref);
    if (!found) throw notFound();
    call.json(200, call.shapes.gitRef(repo, found.ref, replicaSha(call, repo, found.ref, found.sha), found.type));
  });

  const matching = async (call: ApiCall, legacy: boolean) => {
    const repo = await nonEmptyRepo(call);
    const prefix = call.params.ref ? fullRef(call.param('ref')) : 'refs/';
    const refs = (await repo.git.listRefs('refs/')).map((r) => ({ ...r, sha: replicaSha(call, repo, r.ref, r.sha) }));
    const exact = refs.find((r) => r.ref === prefix);
    // The legacy /git/refs/:ref returns the single ref on an exact match and 404 when nothing matches.
    if (legacy && exact) return call.json(200, call.shapes.gitRef(repo, exact.ref, exact.sha, exact.type));
    const list = refs.filter((r) => r.ref.startsWith(prefix)).map((r) => call.shapes.gitRef(repo, r.ref, r.sha, r.type));
    if (legacy && list.length === 0) throw notFound();
    const page = call.paginate(list);
    call.json(200, page.items, page.headers);
  };
  api.route('GET', '/repos/:owner/:repo/git/matching-refs/*ref', `${refDocs}#list-matching-references`, (c) =>
    matching(c, false),
  );
  api.route('GET', '/repos/:owner/:repo/git/matching-refs', `${refDocs}#list-matching-references`, (c) =>
    matching(c, false),
  );
  api.route('GET', '/repos/:owner/:repo/git/refs/*ref', `${refDocs}#get-a-reference`, (c) => matching(c, true));
  api.route('GET', '/repos/:owner/:repo/git/refs', `${refDocs}#list-matching-references`, (c) => matching(c, true));

  api.route('POST', '/repos/:owner/:repo/git/refs', `${refDocs}#create-a-reference`, async (call) => {
    const repo = await nonEmptyRepo(call, 'write');
    const body = await call.body(z.object({ ref: z.string(), sha }));
    if (!body.ref.startsWith('refs/') || body.ref.split('/').length < 3) {
      throw new ApiError(422, "Reference name must start with 'refs/' and have at least two slashes.", call.docs);
    }
    if (!(await repo.git.checkRefFormat(body.ref))) throw new ApiError(422, `${body.ref} is not a valid ref name.`, call.docs);
    const type = await repo.git.objectType(body.sha);
    if (!type) throw new ApiError(422, 'Object does not exist', call.docs);
    if (!(await repo.git.updateRef(body.ref, body.sha, ZERO_SHA))) {
      throw new ApiError(422, 'Reference already exists', call.docs);
    }
    const created = call.shapes.gitRef(repo, body.ref, body.sha, type);
    call.json(201, created, { location: created.url });
  });

  api.route('PATCH', '/repos/:owner/:repo/git/refs/*ref', `${refDocs}#update-a-reference`, async (call) => {
    const repo = await nonEmptyRepo(call, 'write');
    const body = await call.body(z.object({ sha, force: z.boolean().default(false) }));
    const ref = fullRef(call.param('ref'));
    const current = (await repo.git.listRefs(ref)).find((r) => r.ref === ref);
    if (!current) throw new ApiError(422, 'Reference does not exist', call.docs);
    const type = await repo.git.objectType(body.sha);
    if (!type) throw new ApiError(422, 'Object does not exist', call.docs);
    const fastForward = type === 'commit' && (await repo.git.isAncestor(current.sha, body.sha));
    if (!body.force && !fastForward && current.sha !== body.sha) {
      throw new ApiError(422, 'Update is not a fast forward', call.docs);
    }
    // Compare-and-swap against the head we checked: a concurrent move is reported like a non-fast-forward.
    if (!(await repo.git.updateRef(ref, body.sha, current.sha))) {
      throw new ApiError(422, 'Update is not a fast forward', call.docs);
    }
    call.env.controls.refUpdated(repo.id, ref, current.sha);
    call.json(200, call.shapes.gitRef(repo, ref, body.sha, type));
  });

  api.route('DELETE', '/repos/:owner/:repo/git/refs/*ref', `${refDocs}#delete-a-reference`, async (call) => {
    const repo = await nonEmptyRepo(call, 'write');
    const ref = fullRef(call.param('ref'));
    const current = (await repo.git.listRefs(ref)).find((r) => r.ref === ref);
    if (!current || !(await repo.git.deleteRef(ref, current.sha))) {
      throw new ApiError(422, 'Reference does not exist', call.docs);
    }
    call.noContent();
  });

  api.route('GET', '/repos/:owner/:repo/git/commits/:sha', 'git/commits#get-a-commit-object', async (call) => {
    const repo = await nonEmptyRepo(call);
    const commitSha = call.param('sha').toLowerCase();
    if ((await repo.git.objectType(commitSha)) !== 'commit') throw notFound();
    call.json(200, call.shapes.gitCommit(repo, await repo.git.readCommit(commitSha)));
  });

  api.route('POST', '/repos/:owner/:repo/git/commits', 'git/commits#create-a-commit', async (call) => {
    const repo = await nonEmptyRepo(call, 'write');
    const body = await call.body(
      z.object({
        message: z.string(),
        tree: sha,
        parents: z.array(sha).default([]),
        author: personInput.optional(),
        committer: personInput.optional(),
      }),
    );
    if ((await repo.git.objectType(body.tree)) !== 'tree') throw new ApiError(422, 'Tree SHA does not exist', call.docs);
    for (const parent of body.parents) {
      if ((await repo.git.objectType(parent)) !== 'commit') {
        throw new ApiError(422, 'Parent SHA does not exist or is not a commit object', call.docs);
      }
    }
    const author = toPerson(body.author, defaultAuthor(call));
    const committer = body.committer ? toPerson(body.committer, defaultAuthor(call)) : { ...author };
    const created = await repo.git.commitTree({
      tree: body.tree,
      parents: body.parents,
      message: body.message,
      author,
      committer,
    });
    const shape = call.shapes.gitCommit(repo, await repo.git.readCommit(created));
    call.json(201, shape, { location: shape.url });
  });

  api.route('GET', '/repos/:owner/:repo/git/trees/*sha', 'git/trees#get-a-tree', async (call) => {
    const repo = await nonEmptyRepo(call);
    const treeSha = await repo.git.resolve(call.param('sha'), 'tree');
    if (!treeSha) throw notFound();
    // GitHub: any value of `recursive` (even 0 or false) enables recursion.
    call.json(200, await treeBody(call, repo, treeSha, call.query('recursive') !== null));
  });

  api.route('POST', '/repos/:owner/:repo/git/trees', 'git/trees#create-a-tree', async (call) => {
    const repo = await nonEmptyRepo(call, 'write');
    const body = await call.body(treeInput);
    const base = body.base_tree ? await repo.git.resolve(body.base_tree, 'tree') : null;
    if (body.base_tree && base === null) throw new ApiError(422, 'Invalid tree info', call.docs);
    const changes: TreeChange[] = [];
    for (const entry of body.tree) {
      const segments = entry.path.split('/');
      if (segments.some((s) => s === '' || s === '.' || s === '..' || s === '.git') || entry.path.includes('\0')) {
        throw new ApiError(422, 'tree.path contains a malformed path component', call.docs);
      }
      const expected = MODES[entry.mode];
      if (entry.type && entry.type !== expected) {
        throw new ApiError(422, `tree.type must be ${expected} for mode ${entry.mode}`, call.docs);
      }
      if (entry.content !== undefined && entry.sha !== undefined) {
        throw new ApiError(422, 'Must supply either tree.sha or tree.content, but not both', call.docs);
      }
      if (entry.content !== undefined) {
        if (expected !== 'blob') throw new ApiError(422, 'tree.content is only allowed for blobs', call.docs);
        changes.push({ path: entry.path, mode: entry.mode, sha: await repo.git.writeBlob(Buffer.from(entry.content, 'utf8')) });
      } else if (entry.sha === null) {
        changes.push({ path: entry.path, mode: entry.mode, sha: null });
      } else if (entry.sha !== undefined) {
        if (expected !== 'commit' && (await repo.git.objectType(entry.sha)) !== expected) {
          throw new ApiError(422, `tree.sha ${entry.sha} is not a valid ${expected}`, call.docs);
        }
        changes.push({ path: entry.path, mode: entry.mode, sha: entry.sha });
      } else {
        throw new ApiError(422, 'Must supply either tree.sha or tree.content', call.docs);
      }
    }
    const treeSha = await repo.git.writeTree(base, changes);
    const shape = await treeBody(call, repo, treeSha, false);
    call.json(201, shape, { location: shape.url ?? '' });
  });

  api.route('GET', '/repos/:owner/:repo/git/blobs/:sha', 'git/blobs#get-a-blob', async (call) => {
    const repo = await nonEmptyRepo(call);
    const blobSha = call.param('sha').toLowerCase();
    if ((await repo.git.objectType(blobSha)) !== 'blob') throw notFound();
    const content = await repo.git.readBlob(blobSha);
    sendRawOr(call, content, () => call.shapes.blob(repo, blobSha, content));
  });

  api.route('POST', '/repos/:owner/:repo/git/blobs', 'git/blobs#create-a-blob', async (call) => {
    const repo = await nonEmptyRepo(call, 'write');
    const body = await call.body(
      z.object({ content: z.string(), encoding: z.enum(['utf-8', 'utf8', 'base64']).default('utf-8') }),
    );
    if (body.encoding === 'base64' && !/^[A-Za-z0-9+/=\s]*$/.test(body.content)) {
      throw new ApiError(422, 'content is not valid Base64', call.docs);
    }
    const blobSha = await repo.git.writeBlob(Buffer.from(body.content, body.encoding === 'base64' ? 'base64' : 'utf8'));
    const url = `${call.shapes.repoApi(repo)}/git/blobs/${blobSha}`;
    call.json(201, { sha: blobSha, url }, { location: url });
  });
}

