import { z } from 'zod';

/** GitHub's own rules for account and repository names. */
export const ownerName = z
  .string()
  .regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/, 'is not a valid GitHub user or organization name');

export const repoName = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,100}$/, 'is not a valid repository name')
  .refine((name) => name !== '.' && name !== '..', 'is not a valid repository name');

export const repoRef = z.object({ owner: ownerName, repo: repoName });
export type RepoRef = z.infer<typeof repoRef>;
