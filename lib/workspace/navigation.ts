import { branchSegmentsOf } from './urls';

/** Remembers that the global navigation is collapsed on workspace pages (a cookie, so the server renders it so). */
export const NAV_COLLAPSED_COOKIE = 'webedt-nav-collapsed';

/** Workspace pages (a branch of a repository) are where the navigation may collapse to give the editor the width. */
export function isWorkspacePath(pathname: string): boolean {
  return branchSegmentsOf(pathname, '/github') !== null;
}
