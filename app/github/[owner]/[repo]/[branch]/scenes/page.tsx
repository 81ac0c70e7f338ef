import { SceneWorkspace } from '@/components/scenes/scene-workspace';
import { toAppError } from '@/lib/errors';
import { repoPathProblem } from '@/lib/github/paths';
import { readTree, type RepoTree } from '@/lib/github/tree';
import { loadWorkspace } from '@/lib/workspace/context';
import { readOnlyReason } from '@/lib/workspace/read-only';

export default async function ScenesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const workspace = await loadWorkspace();
  const { github, owner, repo, branch, headSha, user, permission } = workspace;
  const requested = (await searchParams).path;
  const initialPath = typeof requested === 'string' && !repoPathProblem(requested) ? requested : null;
  let tree: RepoTree | null = null;
  let treeError: string | null = null;
  try {
    tree = await readTree(github, owner, repo, headSha);
  } catch (error) {
    treeError = toAppError(error).message;
  }
  return (
    <SceneWorkspace
      owner={owner}
      repo={repo}
      branch={branch}
      userId={user.id}
      readOnlyReason={readOnlyReason(permission, owner, repo, 'open scenes')}
      initialTree={tree}
      treeError={treeError}
      initialPath={initialPath}
    />
  );
}
