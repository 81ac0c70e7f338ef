import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { Database } from '@/lib/db/schema';
import { AppError, errorResponse, toAppError, type ErrorCode } from '@/lib/errors';
import { checkOrigin } from '@/lib/http';
import { allows, repoPermission, type RepoPermission } from '@/lib/github/access';
import { githubClientForUser } from '@/lib/github/client';
import { repoRef, type RepoRef } from '@/lib/github/names';
import type { GitHubClient } from '@/lib/github/octokit';

/**
 * The single gate every route handler and server action passes through (after dub's
 * `withWorkspace`): authenticate, check the request origin for mutations, authorize against the
 * repository on GitHub, validate input, then act. Errors leave as `{ error: { code, message } }`.
 */
export interface SessionUser {
  id: string;
  login: string;
  name?: string | null;
  image?: string | null;
}

export type Need = 'read' | 'write';

export interface RepoContext extends RepoRef {
  user: SessionUser;
  permission: RepoPermission;
  github: GitHubClient;
}

export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: { code: ErrorCode; message: string } };

type RouteContext<P> = { params: Promise<P> };

export interface GuardDependencies {
  resolveUser: () => Promise<SessionUser | null>;
  db: () => Kysely<Database>;
  /** Whether a proxy in front of the app sets `X-Forwarded-*` (TRUST_PROXY); only then are they believed. */
  trustProxy: () => boolean;
}

export function createGuards({ resolveUser, db, trustProxy }: GuardDependencies) {
  async function requireUser(): Promise<SessionUser> {
    const user = await resolveUser();
    if (!user) throw new AppError('unauthorized', 'Sign in with GitHub to continue.');
    return user;
  }

  async function authorizeRepo(user: SessionUser, target: unknown, need: Need): Promise<RepoContext> {
    const parsed = repoRef.safeParse(target);
    if (!parsed.success) throw new AppError('not_found', 'That repository does not exist.');
    const { owner, repo } = parsed.data;
    // Made only when used: with the permission cached, most requests (a presence PUT, say) never call GitHub,
    // and building an Octokit with its plugins was the largest part of this check (bench/realtime.ts, put).
    let client: GitHubClient | undefined;
    const github = () => (client ??= githubClientForUser(db(), user.id));
    const permission = await repoPermission(github, user.id, owner, repo);
    if (!allows(permission, 'read')) {
      throw new AppError('not_found', `Repository ${owner}/${repo} was not found, or you do not have access to it.`);
    }
    if (!allows(permission, need)) {
      throw new AppError('forbidden', `You have read-only access to ${owner}/${repo}; this needs write permission.`);
    }
    return {
      owner,
      repo,
      user,
      permission,
      get github() {
        return github();
      },
    };
  }

  function withUser<P = Record<string, string>>(
    handler: (request: Request, context: { user: SessionUser; params: P }) => Promise<Response>,
  ) {
    return async (request: Request, context: RouteContext<P>): Promise<Response> => {
      try {
        checkOrigin(request, trustProxy());
        const user = await requireUser();
        return await handler(request, { user, params: await context.params });
      } catch (error) {
        return errorResponse(error);
      }
    };
  }

  /**
   * `locate` finds owner/repo for the request (route params by default; a body or query otherwise)
   * and hands what it read to the handler as `located`, so a body is read and validated once;
   * a repository the user cannot read is a 404, as on GitHub, so its existence is not revealed.
   */
  function withRepoAccess<P = RepoRef, L = unknown>(
    need: Need,
    handler: (request: Request, context: RepoContext & { params: P; located: L }) => Promise<Response>,
    locate: (request: Request, params: P) => L | Promise<L> = (_request, params) => params as unknown as L,
  ) {
    return withUser<P>(async (request, { user, params }) => {
      const located = await locate(request, params);
      // Assigned onto the context, not spread: spreading would call its lazy `github`.
      return handler(request, Object.assign(await authorizeRepo(user, located, need), { params, located }));
    });
  }

  function authedAction<S extends z.ZodType, T>(schema: S, run: (input: z.infer<S>, context: { user: SessionUser }) => Promise<T>) {
    return async (input: unknown): Promise<ActionResult<T>> => {
      try {
        const user = await requireUser();
        return { ok: true, data: await run(schema.parse(input), { user }) };
      } catch (error) {
        const { code, message } = toAppError(error);
        return { ok: false, error: { code, message } };
      }
    };
  }

  function repoAction<S extends z.ZodType<RepoRef>, T>(
    need: Need,
    schema: S,
    run: (input: z.infer<S>, context: RepoContext) => Promise<T>,
  ) {
    return authedAction(schema, async (input, { user }) => run(input, await authorizeRepo(user, input, need)));
  }

  return { requireUser, authorizeRepo, withUser, withRepoAccess, authedAction, repoAction };
}

export type Guards = ReturnType<typeof createGuards>;
