/** Addresses of GitHub's own web pages (github.com, GHES or the emulator at `githubUrl`). */

/** A branch (GitHub shows `/` in branch names unencoded). */
export function githubBranchUrl(githubUrl: string, owner: string, repo: string, branch: string): string {
  const path = branch.split('/').map(encodeURIComponent).join('/');
  return `${githubUrl.replace(/\/$/, '')}/${owner}/${repo}/tree/${path}`;
}

/** One commit, with its diff. */
export function githubCommitUrl(githubUrl: string, owner: string, repo: string, sha: string): string {
  return `${githubUrl.replace(/\/$/, '')}/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}/commit/${sha}`;
}

/** An issue (GitHub redirects to the pull request when the number is one). */
export function githubIssueUrl(githubUrl: string, owner: string, repo: string, number: number): string {
  return `${githubUrl.replace(/\/$/, '')}/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}/issues/${number}`;
}
