import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

export const EMULATOR_DIR = path.dirname(fileURLToPath(import.meta.url));
export const DEFAULT_SEED_PATH = path.join(EMULATOR_DIR, 'seed.json');
export const FIXTURES_DIR = path.join(EMULATOR_DIR, 'fixtures');

const login = z.string().regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/, 'a GitHub login');
const fullName = z.string().regex(/^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/, 'owner/name');
const color = z.string().regex(/^#[0-9a-fA-F]{6}$/);
const permissionLevel = z.enum(['read', 'write']);

const userSchema = z.object({
  login,
  id: z.number().int().positive(),
  name: z.string().min(1),
  email: z.email(),
  avatar: z.object({ color: color.optional() }).default({}),
  company: z.string().nullable().default(null),
  location: z.string().nullable().default(null),
  bio: z.string().nullable().default(null),
  created_at: z.iso.datetime().default('2024-01-01T00:00:00Z'),
});

const repositorySchema = z.object({
  id: z.number().int().positive().optional(),
  owner: login,
  name: z.string().regex(/^[A-Za-z0-9._-]+$/),
  description: z.string().nullable().default(null),
  homepage: z.string().nullable().default(null),
  private: z.boolean().default(false),
  default_branch: z.string().default('main'),
  topics: z.array(z.string()).default([]),
  /**
   * Folder under `fixtures/` committed as the initial content of the default branch; absent = an empty
   * repository (no commits, like one created on GitHub without a README).
   */
  source: z.string().optional(),
  /** Adds the generated sample images and sounds (see media.ts) to the initial commit. */
  media: z.boolean().default(false),
  /** Further branches, each one commit on top of the default branch that overlays a fixtures folder. */
  branches: z
    .array(z.object({ name: z.string(), source: z.string().optional(), message: z.string() }))
    .default([]),
});

const issueSchema = z.object({
  /** owner/name; issues are numbered 1, 2, … per repository in seed order (pull requests continue after them). */
  repository: fullName,
  title: z.string().min(1),
  body: z.string().nullable().default(null),
  user: login,
  state: z.enum(['open', 'closed']).default('open'),
  labels: z.array(z.string()).default([]),
  created_at: z.iso.datetime().default('2024-02-01T09:00:00Z'),
  comments: z.array(z.object({ user: login, body: z.string().min(1), created_at: z.iso.datetime().default('2024-02-02T09:00:00Z') })).default([]),
});

const installationSchema = z.object({
  id: z.number().int().positive(),
  account: login,
  repository_selection: z.enum(['all', 'selected']).default('selected'),
  /** Full names; ignored when repository_selection is `all` (then: every repository of the account). */
  repositories: z.array(fullName).default([]),
  permissions: z.record(z.string(), permissionLevel).default({ metadata: 'read', contents: 'write' }),
});

export const seedSchema = z
  .object({
    users: z.array(userSchema).min(1),
    repositories: z.array(repositorySchema),
    /** `access["owner/name"][login]`; absent = no access (public repositories stay readable). */
    access: z.record(fullName, z.record(login, z.enum(['admin', 'write', 'read']))).default({}),
    issues: z.array(issueSchema).default([]),
    oauth_apps: z
      .array(
        z.object({
          client_id: z.string().min(1),
          client_secret: z.string().min(1),
          name: z.string().default('OAuth App'),
          /** Allowed redirect_uri prefixes; empty = any (convenient for apps on arbitrary local ports). */
          redirect_uris: z.array(z.url()).default([]),
        }),
      )
      .min(1),
    app: z
      .object({
        id: z.number().int().positive(),
        slug: z.string(),
        name: z.string(),
        owner: login,
        client_id: z.string(),
        /** PEM; generated into the data dir on first start when absent. */
        private_key: z.string().optional(),
        installations: z.array(installationSchema).default([]),
      })
      .optional(),
  })
  .superRefine((seed, ctx) => {
    const logins = new Set(seed.users.map((u) => u.login));
    const repos = new Set(seed.repositories.map((r) => `${r.owner}/${r.name}`));
    const check = (ok: boolean, message: string) => {
      if (!ok) ctx.addIssue({ code: 'custom', message });
    };
    for (const repo of seed.repositories) {
      check(logins.has(repo.owner), `unknown owner ${repo.owner}`);
      check(repo.source !== undefined || (repo.branches.length === 0 && !repo.media), `${repo.owner}/${repo.name} is empty, so it has no branches or media`);
    }
    for (const [repo, grants] of Object.entries(seed.access)) {
      check(repos.has(repo), `access for unknown repository ${repo}`);
      for (const user of Object.keys(grants)) check(logins.has(user), `access for unknown user ${user}`);
    }
    for (const issue of seed.issues) {
      check(repos.has(issue.repository), `issue of unknown repository ${issue.repository}`);
      for (const user of [issue.user, ...issue.comments.map((c) => c.user)]) check(logins.has(user), `issue by unknown user ${user}`);
    }
    for (const installation of seed.app?.installations ?? []) {
      check(logins.has(installation.account), `installation for unknown account ${installation.account}`);
      for (const repo of installation.repositories) check(repos.has(repo), `installation of unknown repository ${repo}`);
    }
  });

/** Seed as written in JSON (defaults optional). */
export type Seed = z.input<typeof seedSchema>;
export type ResolvedSeed = z.output<typeof seedSchema>;
export type SeedUser = ResolvedSeed['users'][number];
export type SeedRepository = ResolvedSeed['repositories'][number];
export type SeedIssue = ResolvedSeed['issues'][number];
export type SeedInstallation = NonNullable<ResolvedSeed['app']>['installations'][number];
export type AccessLevel = 'admin' | 'write' | 'read';

export async function loadSeed(seed: Seed | string | undefined): Promise<ResolvedSeed> {
  const raw: unknown =
    seed === undefined || typeof seed === 'string'
      ? JSON.parse(await readFile(seed ?? DEFAULT_SEED_PATH, 'utf8'))
      : seed;
  return seedSchema.parse(raw);
}
