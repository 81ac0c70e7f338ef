import 'server-only';
import { AppError } from '@/lib/errors';
import type { GitHubClient } from '@/lib/github/octokit';
import { openBranchWorkspace } from '@/lib/llm/workspace';
import { compileQuery, searchFiles, type SearchOutcome, type SearchQuery } from './text-search';

/** Lines one search returns at most; the editor asks for a narrower search beyond that. */
export const MAX_SEARCH_MATCHES = 500;

interface BranchAt {
  owner: string;
  repo: string;
  branch: string;
  sha: string;
}

/** Searches the branch's files at `sha`, read from its cached snapshot (one archive download per commit). */
export async function searchBranch(github: GitHubClient, ref: BranchAt, query: SearchQuery): Promise<SearchOutcome> {
  const compiled = compileQuery(query);
  if ('problem' in compiled) throw new AppError('bad_request', compiled.problem);
  const workspace = await openBranchWorkspace({ github, ...ref });
  return searchFiles(workspace.texts(), compiled.matcher, MAX_SEARCH_MATCHES);
}
