import { allows, type RepoPermission } from '@/lib/github/access';

/** Why the user cannot change this branch (shown by every editor), or null when they can. */
export function readOnlyReason(permission: RepoPermission, owner: string, repo: string): string | null {
  return allows(permission, 'write')
    ? null
    : `You have read access to ${owner}/${repo} but not push permission, so you can browse and preview files but not change or commit them.`;
}
