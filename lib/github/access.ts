import { LRUCache } from 'lru-cache';
import { env } from '@/lib/env';
import type { GitHubClient } from './octokit';

export type RepoPermission = 'admin' | 'write' | 'read' | 'none';

/** Permission checks run on every entry point, so answers are kept briefly (GITHUB_ACCESS_CACHE_SECONDS). */
const permissionCache = new LRUCache<string, RepoPermission>({ max: 10_000, ttlAutopurge: false });

/** What the user behind `github` (made only when the answer is not cached) may do with owner/repo, as GitHub itself says (404 → none). */
export async function repoPermission(github: () => GitHubClient, cacheKey: string, owner: string, repo: string): Promise<RepoPermission> {
  const key = `${cacheKey}:${owner.toLowerCase()}/${repo.toLowerCase()}`;
  const cached = permissionCache.get(key);
  if (cached) return cached;
  let permission: RepoPermission;
  try {
    const { data } = await github().rest.repos.get({ owner, repo });
    const granted = data.permissions;
    permission = granted?.admin ? 'admin' : granted?.push ? 'write' : 'read';
  } catch (error) {
    if ((error as { status?: number }).status !== 404) throw error;
    permission = 'none';
  }
  permissionCache.set(key, permission, { ttl: env().GITHUB_ACCESS_CACHE_SECONDS * 1000 || 1 });
  return permission;
}

export function allows(permission: RepoPermission, need: 'read' | 'write'): boolean {
  if (need === 'read') return permission !== 'none';
  return permission === 'write' || permission === 'admin';
}

/** Forget cached answers for a user, e.g. after they sign in again. */
export function forgetPermissions(cacheKey: string): void {
  for (const key of permissionCache.keys()) if (key.startsWith(`${cacheKey}:`)) permissionCache.delete(key);
}
