import { PatchView } from './patch-view';
import type { GitHubClient } from '@/lib/github/octokit';

/**
 * Files changed on `head` since it left `base` (GitHub's compare), each with its patch. `missing` is said
 * instead of an error when GitHub knows no such branch (e.g. an agent's, made when the agent starts).
 */
export async function BranchDiff(props: { github: GitHubClient; owner: string; repo: string; base: string; head: string; missing?: string }) {
  const { github, owner, repo, base, head } = props;
  let files;
  try {
    const { data } = await github.rest.repos.compareCommitsWithBasehead({ owner, repo, basehead: `${base}...${head}` });
    files = data.files ?? [];
  } catch (error) {
    if (props.missing && (error as { status?: number }).status === 404) return <p className="text-sm text-slate-600">{props.missing}</p>;
    return (
      <p role="alert" className="text-sm text-red-700">
        Could not compare {head} with {base}: {(error as Error).message}
      </p>
    );
  }
  if (files.length === 0) return <p className="text-sm text-slate-600">No changes yet against {base}.</p>;
  return (
    <ul aria-label="Changed files" className="space-y-3">
      {files.map((file) => (
        <li key={file.filename} className="rounded-md border border-slate-200">
          <details open={files.length <= 5}>
            <summary className="flex cursor-pointer items-center gap-2 px-3 py-1.5 text-sm">
              <span className="font-mono">{file.filename}</span>
              <span className="text-xs text-emerald-700">+{file.additions}</span>
              <span className="text-xs text-red-700">−{file.deletions}</span>
              <span className="ml-auto text-xs text-slate-500">{file.status}</span>
            </summary>
            {file.patch ? (
              <PatchView patch={file.patch} />
            ) : (
              <p className="border-t border-slate-100 px-3 py-2 text-xs text-slate-500">Binary or large file: no inline diff.</p>
            )}
          </details>
        </li>
      ))}
    </ul>
  );
}
