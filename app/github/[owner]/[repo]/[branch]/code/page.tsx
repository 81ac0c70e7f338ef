import { CodeWorkspace } from '@/components/code/code-workspace';
import { toAppError } from '@/lib/errors';
import { readTree, type RepoTree } from '@/lib/github/tree';
import { loadWorkspace } from '@/lib/workspace/context';
import { readOnlyReason } from '@/lib/workspace/read-only';

export default async function CodePage() {
  const workspace = await loadWorkspace();
  const { github, owner, repo, branch, headSha, user, permission } = workspace;
  let tree: RepoTree | null = null;
  let treeError: string | null = null;
  let defaultBranch: string | null = null;
  try {
    const [files, { data }] = await Promise.all([readTree(github, owner, repo, headSha), github.rest.repos.get({ owner, repo })]);
    tree = files;
    defaultBranch = data.default_branch;
  } catch (error) {
    treeError = toAppError(error).message;
  }
  return (
    <CodeWorkspace
      owner={owner}
      repo={repo}
      branch={branch}
      userId={user.id}
      defaultBranch={defaultBranch}
      readOnlyReason={readOnlyReason(permission, owner, repo)}
      initialTree={tree}
      treeError={treeError}
    />
  );
}
