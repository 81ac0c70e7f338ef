import { allows, type RepoPermission } from '@/lib/github/access';

/** Why the user cannot change this branch (shown by every editor, which says what they `can` do), or null when they can. */
export function readOnlyReason(permission: RepoPermission, owner: string, repo: string, can = 'browse and preview files'): string | null {
  return allows(permission, 'write') ? null : `You have read access to ${owner}/${repo} but not push permission, so you can ${can} but not change or commit them.`;
}
