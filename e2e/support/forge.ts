import { execFileSync } from 'node:child_process';
import path from 'node:path';

/** The e2e GitHub emulator keeps real bare repositories here (DATA_DIR of playwright.config.ts). */
const REPOS = path.join('.data', 'e2e', 'github', 'repos');

/** `git` run against the forge's bare repository of owner/repo, as a person would check it. */
export function forgeGit(owner: string, repo: string, ...args: string[]): string {
  return execFileSync('git', ['--git-dir', path.join(REPOS, owner, `${repo}.git`), ...args], { encoding: 'utf8' }).trim();
}

/** Commit subjects on a branch, newest first. */
export function commitSubjects(owner: string, repo: string, branch: string): string[] {
  return forgeGit(owner, repo, 'log', '--format=%s', `refs/heads/${branch}`).split('\n').filter(Boolean);
}

/** The bytes of a file at a revision (binary safe, unlike `forgeGit`). */
export function forgeBlob(owner: string, repo: string, rev: string, file: string): Buffer {
  return execFileSync('git', ['--git-dir', path.join(REPOS, owner, `${repo}.git`), 'cat-file', 'blob', `${rev}:${file}`]);
}
