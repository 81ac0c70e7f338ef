import { z } from 'zod';
import { branchName } from '@/lib/github/branch-names';
import { ownerName, repoName } from '@/lib/github/names';

export const createBranchBody = z.strictObject({
  owner: ownerName,
  repo: repoName,
  baseBranch: branchName,
  newBranch: branchName,
});
export type CreateBranchBody = z.infer<typeof createBranchBody>;
