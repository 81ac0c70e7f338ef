/** Non-API web routes: avatars, raw files, archive downloads (codeload) and a small home page. */
import { type ChildProcess, spawn } from 'node:child_process';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { requestId } from './api';
import { authenticate, identityLabel, repoAccess } from './auth';
import { GIT_BASE_ENV } from './git';
import { escapeHtml, send } from './http';
import { identiconPng } from './media';
import type { Model } from './model';
import { archiveGrants } from './rest-repos';
import type { Urls } from './shapes';

const RAW_TYPES: Record<string, string> = {
  png: 'image/png',
  gif: 'image/gif',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  wav: 'audio/wav',
  ogg: 'audio/ogg',
  mp3: 'audio/mpeg',
};

export function avatar(model: Model, res: ServerResponse, login: string, url: URL): void {
  const user = model.user(login.replace(/\.png$/, ''));
  if (!user) return send(res, 404, 'Not Found', { 'content-type': 'text/plain' });
  const size = Math.min(460, Math.max(16, Number.parseInt(url.searchParams.get('s') ?? '120', 10) || 120));
  send(res, 200, identiconPng(user.login, user.avatar.color, size), {
    'content-type': 'image/png',
    'cache-control': 'max-age=300',
    'access-control-allow-origin': '*',
  });
}

/** `/:owner/:repo/raw/:ref/:path` where the ref may contain slashes (the longest existing ref wins). */
export async function raw(model: Model, req: IncomingMessage, res: ServerResponse, parts: string[]): Promise<string | null> {
  const [owner = '', name = '', ...rest] = parts;
  const auth = authenticate(model, req.headers.authorization);
  const identity = auth.ok ? auth.identity : ({ kind: 'anonymous' } as const);
  const repo = model.repo(owner, name);
  if (!repo || !repoAccess(model, identity, repo)) {
    send(res, 404, '404: Not Found', { 'content-type': 'text/plain; charset=utf-8' });
    return identityLabel(identity);
  }
  for (let split = rest.length - 1; split >= 1; split--) {
    const sha = await repo.git.resolveRef(rest.slice(0, split).join('/'));
    if (!sha) continue;
    const filePath = rest.slice(split).join('/');
    const blob = await repo.git.resolve(`${sha}:${filePath}`, 'blob');
    if (!blob) break;
    const ext = filePath.split('.').pop()?.toLowerCase() ?? '';
    send(res, 200, await repo.git.readBlob(blob), {
      'content-type': RAW_TYPES[ext] ?? 'text/plain; charset=utf-8',
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; sandbox",
      'x-content-type-options': 'nosniff',
      etag: `"${blob}"`,
    });
    return identityLabel(identity);
  }
  send(res, 404, '404: Not Found', { 'content-type': 'text/plain; charset=utf-8' });
  return identityLabel(identity);
}

/** `/_codeload/:owner/:repo/legacy.(tar.gz|zip)/:ref?token=` — the archive behind the API's 302. */
export function codeload(res: ServerResponse, url: URL, parts: string[], children: Set<ChildProcess> = new Set()): void {
  const [, , kind = ''] = parts;
  const grant = archiveGrants.get(url.searchParams.get('token') ?? '');
  if (!grant || grant.expiresAt < Date.now() || (kind !== 'legacy.tar.gz' && kind !== 'legacy.zip')) {
    return send(res, 404, 'Not Found', { 'content-type': 'text/plain' });
  }
  const zip = kind === 'legacy.zip';
  const base = `${grant.repo.owner.login}-${grant.repo.seed.name}-${grant.sha.slice(0, 7)}`;
  const child = spawn(
    'git',
    ['--git-dir', grant.repo.git.gitDir, 'archive', `--format=${zip ? 'zip' : 'tar.gz'}`, `--prefix=${base}/`, grant.sha],
    { env: { ...process.env, ...GIT_BASE_ENV }, stdio: ['ignore', 'pipe', 'ignore'] },
  );
  children.add(child);
  child.on('close', () => children.delete(child));
  child.on('error', () => {
    children.delete(child);
    res.destroy();
  });
  res.on('close', () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  });
  res.writeHead(200, {
    'content-type': zip ? 'application/zip' : 'application/x-gzip',
    'content-disposition': `attachment; filename=${base}.${zip ? 'zip' : 'tar.gz'}`,
    etag: `"${grant.sha}"`,
    'access-control-allow-origin': '*',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; sandbox",
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'deny',
    'x-github-request-id': requestId(),
  });
  child.stdout.pipe(res);
}

export function home(model: Model, urls: Urls, res: ServerResponse): void {
  const repos = [...model.repos.values()]
    .map((r) => `<li><code>${escapeHtml(`${urls.web}/${r.fullName}.git`)}</code> ${r.seed.private ? '(private)' : '(public)'}</li>`)
    .join('');
  const users = model.seed.users.map((u) => `<li>${escapeHtml(u.login)} — ${escapeHtml(u.name)}</li>`).join('');
  send(
    res,
    200,
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>GitHub emulator</title></head>
<body style="font-family:system-ui,sans-serif;max-width:720px;margin:40px auto">
<h1>GitHub emulator</h1><p>REST API: <code>${escapeHtml(urls.api)}</code></p>
<h2>Repositories</h2><ul>${repos}</ul><h2>Users</h2><ul>${users}</ul></body></html>`,
    { 'content-type': 'text/html; charset=utf-8' },
  );
}
