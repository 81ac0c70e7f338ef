import { AppError } from '@/lib/errors';
import type { GitHubClient } from './octokit';

/** An open issue as the new-agent form's picker lists it. */
export interface IssueSummary {
  number: number;
  title: string;
  author: string | null;
  comments: number;
  labels: string[];
  updatedAt: string;
}

/** An issue with what an agent needs to work on it. */
export interface IssueForAgent {
  number: number;
  title: string;
  body: string;
  url: string;
  author: string | null;
  comments: Array<{ author: string | null; body: string }>;
}

/** The picker lists at most this many open issues (newest first); the search narrows them. */
const MAX_LISTED_ISSUES = 300;
/** Comments included in an agent's task; a long thread keeps its newest. */
const MAX_TASK_COMMENTS = 50;

const labelName = (label: string | { name?: string }) => (typeof label === 'string' ? label : (label.name ?? ''));

/** The repository's open issues, newest first. GitHub's issues API also lists pull requests: they are left out. */
export async function listOpenIssues(github: GitHubClient, owner: string, repo: string): Promise<IssueSummary[]> {
  const issues: IssueSummary[] = [];
  for await (const { data } of github.paginate.iterator(github.rest.issues.listForRepo, { owner, repo, state: 'open', per_page: 100 })) {
    for (const issue of data) {
      if (issue.pull_request) continue;
      issues.push({
        number: issue.number,
        title: issue.title,
        author: issue.user?.login ?? null,
        comments: issue.comments,
        labels: issue.labels.map(labelName).filter(Boolean),
        updatedAt: issue.updated_at,
      });
    }
    if (issues.length >= MAX_LISTED_ISSUES) break;
  }
  return issues.slice(0, MAX_LISTED_ISSUES);
}

const statusOf = (error: unknown) => (error as { status?: number }).status;

/**
 * The open issue #number with its comments. A missing issue, a pull request or a closed issue is the
 * caller's mistake (4xx), never a server error.
 */
export async function issueForAgent(github: GitHubClient, owner: string, repo: string, number: number): Promise<IssueForAgent> {
  let issue;
  try {
    issue = (await github.rest.issues.get({ owner, repo, issue_number: number })).data;
  } catch (error) {
    if (statusOf(error) === 404 || statusOf(error) === 410) throw new AppError('not_found', `Issue #${number} does not exist in ${owner}/${repo}.`);
    throw error;
  }
  if (issue.pull_request) throw new AppError('unprocessable', `#${number} in ${owner}/${repo} is a pull request, not an issue.`);
  if (issue.state !== 'open') throw new AppError('unprocessable', `Issue #${number} in ${owner}/${repo} is closed.`);
  const comments = issue.comments
    ? await github.paginate(github.rest.issues.listComments, { owner, repo, issue_number: number, per_page: 100 })
    : [];
  return {
    number: issue.number,
    title: issue.title,
    body: issue.body ?? '',
    url: issue.html_url,
    author: issue.user?.login ?? null,
    comments: comments.slice(-MAX_TASK_COMMENTS).map((comment) => ({ author: comment.user?.login ?? null, body: comment.body ?? '' })),
  };
}

/** The agent's task for an issue: its title, body and comments, then the user's own instructions if any. */
export function issueTask(issue: IssueForAgent, instructions?: string): string {
  const parts = [`Resolve issue #${issue.number}: ${issue.title}`, `${issue.url}${issue.author ? ` (opened by @${issue.author})` : ''}`];
  if (issue.body.trim()) parts.push(issue.body.trim());
  if (issue.comments.length) {
    parts.push(['Comments:', ...issue.comments.map((c) => `@${c.author ?? 'ghost'}: ${c.body.trim()}`)].join('\n\n'));
  }
  if (instructions?.trim()) parts.push(`Instructions: ${instructions.trim()}`);
  return parts.join('\n\n');
}
