/** Git smart HTTP (`/:owner/:repo.git/...`) through `git http-backend`, authorized like github.com. */
import { type ChildProcess, spawn } from 'node:child_process';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { authenticate, identityLabel, repoAccess } from './auth';
import { GIT_BASE_ENV, runGit } from './git';
import { send } from './http';
import type { Model } from './model';

export const GIT_PATH_RE = /^\/([A-Za-z0-9-]+)\/([A-Za-z0-9._-]+?)(?:\.git)?(\/(?:info\/refs|git-upload-pack|git-receive-pack|HEAD|objects\/.*))$/;

let backendPath: Promise<string> | null = null;

function httpBackend(): Promise<string> {
  backendPath ??= runGit(['--exec-path']).then(({ stdout }) => path.join(stdout.toString('utf8').trim(), 'git-http-backend'));
  return backendPath;
}

function plain(res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  send(res, status, `${message}\n`, { 'content-type': 'text/plain; charset=utf-8', ...headers });
}

/** Serves one smart-HTTP request; returns the caller's label for the request log. */
export async function handleGitHttp(
  model: Model,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  /** Running backends, so the server can stop them when it closes. */
  children: Set<ChildProcess> = new Set(),
): Promise<string | null> {
  const match = GIT_PATH_RE.exec(url.pathname);
  const owner = match?.[1] ?? '';
  const name = match?.[2] ?? '';
  const rest = match?.[3] ?? '';
  const service = rest === '/info/refs' ? url.searchParams.get('service') : rest.slice(1);
  const push = service === 'git-receive-pack';
  if (service !== 'git-upload-pack' && service !== 'git-receive-pack') {
    // Only the smart protocol, like GitHub (no dumb HTTP object access).
    plain(res, 403, 'Dumb HTTP protocol is not supported');
    return null;
  }
  const auth = authenticate(model, req.headers.authorization);
  const challenge = { 'www-authenticate': 'Basic realm="GitHub"' };
  if (!auth.ok) {
    plain(res, 401, 'remote: Invalid username or token. Password authentication is not supported for Git operations.', challenge);
    return null;
  }
  const identity = auth.identity;
  const label = identityLabel(identity);
  const repo = model.repo(owner, name);
  const access = repo ? repoAccess(model, identity, repo) : null;
  if (identity.kind === 'anonymous' && (push || !access)) {
    plain(res, 401, 'Authentication required', challenge);
    return null;
  }
  if (!repo || !access) {
    plain(res, 404, 'Repository not found.');
    return label;
  }
  if (push && access === 'read') {
    plain(res, 403, `Write access to repository not granted.`);
    return label;
  }

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...GIT_BASE_ENV,
    GIT_PROJECT_ROOT: model.reposDir,
    GIT_HTTP_EXPORT_ALL: '1',
    PATH_INFO: `/${repo.fullName}.git${rest}`,
    REQUEST_METHOD: req.method ?? 'GET',
    QUERY_STRING: url.search.slice(1),
    CONTENT_TYPE: req.headers['content-type'] ?? '',
    REMOTE_USER: label ?? 'anonymous',
    REMOTE_ADDR: req.socket.remoteAddress ?? '',
  };
  if (req.headers['content-length']) env.CONTENT_LENGTH = req.headers['content-length'];
  if (req.headers['content-encoding']) env.HTTP_CONTENT_ENCODING = req.headers['content-encoding'];
  const protocol = req.headers['git-protocol'];
  if (typeof protocol === 'string') env.GIT_PROTOCOL = protocol;

  const child = spawn(await httpBackend(), [], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  children.add(child);
  child.on('close', () => children.delete(child));
  child.on('error', () => children.delete(child));
  // A client that goes away mid-transfer must not leave the backend running.
  res.on('close', () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  });
  req.pipe(child.stdin);
  child.stdin.on('error', () => undefined);
  child.stderr.on('data', () => undefined);

  // CGI response: headers, blank line, body. Parse the headers, then stream the rest.
  await new Promise<void>((resolve) => {
    let head = Buffer.alloc(0);
    let headersDone = false;
    child.stdout.on('data', (chunk: Buffer) => {
      if (headersDone) {
        res.write(chunk);
        return;
      }
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n') !== -1 ? head.indexOf('\r\n\r\n') : head.indexOf('\n\n');
      if (end === -1) return;
      const separator = head[end] === 13 ? 4 : 2;
      const headers: Record<string, string> = {};
      let status = 200;
      for (const line of head.subarray(0, end).toString('latin1').split(/\r?\n/)) {
        const colon = line.indexOf(':');
        if (colon === -1) continue;
        const key = line.slice(0, colon).trim().toLowerCase();
        const value = line.slice(colon + 1).trim();
        if (key === 'status') status = Number.parseInt(value, 10) || 200;
        else headers[key] = value;
      }
      headersDone = true;
      res.writeHead(status, headers);
      res.write(head.subarray(end + separator));
    });
    child.on('close', () => {
      if (!headersDone) plain(res, 500, 'git http-backend failed');
      else res.end();
      resolve();
    });
    child.on('error', () => {
      if (!res.headersSent) plain(res, 500, 'git http-backend failed');
      resolve();
    });
  });
  return label;
}
