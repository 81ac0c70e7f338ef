import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { App } from '@octokit/app';
import { Octokit } from '@octokit/rest';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from './support';

/**
 * Every endpoint the app calls, answered by the emulator and checked against GitHub's own OpenAPI
 * description (`@octokit/openapi`): the status must be one GitHub documents for the operation and the
 * body must fit its schema. A drift on either side fails here.
 */

interface Description {
  paths: Record<string, Record<string, { responses: Record<string, Response | { $ref: string }> }>>;
  components: { responses: Record<string, Response> };
}
interface Response {
  content?: Record<string, unknown>;
}
interface Recorded {
  method: string;
  route: string;
  status: number;
  body: unknown;
}

/** The operations the app uses (lib/github, lib/auth, lib/agents, lib/llm). */
const APP_OPERATIONS = [
  'GET /user',
  'GET /user/emails',
  'GET /user/repos',
  'GET /repos/{owner}/{repo}',
  'GET /repos/{owner}/{repo}/branches',
  'GET /repos/{owner}/{repo}/commits/{ref}',
  'GET /repos/{owner}/{repo}/compare/{basehead}',
  'PUT /repos/{owner}/{repo}/contents/{path}',
  'GET /repos/{owner}/{repo}/git/ref/{ref}',
  'GET /repos/{owner}/{repo}/git/matching-refs/{ref}',
  'POST /repos/{owner}/{repo}/git/refs',
  'PATCH /repos/{owner}/{repo}/git/refs/{ref}',
  'GET /repos/{owner}/{repo}/git/trees/{tree_sha}',
  'POST /repos/{owner}/{repo}/git/trees',
  'GET /repos/{owner}/{repo}/git/blobs/{file_sha}',
  'POST /repos/{owner}/{repo}/git/blobs',
  'POST /repos/{owner}/{repo}/git/commits',
  'GET /repos/{owner}/{repo}/tarball/{ref}',
  'POST /repos/{owner}/{repo}/pulls',
  'GET /repos/{owner}/{repo}/pulls/{pull_number}',
  'GET /repos/{owner}/{repo}/issues',
  'GET /repos/{owner}/{repo}/issues/{issue_number}',
  'GET /repos/{owner}/{repo}/issues/{issue_number}/comments',
  'GET /repos/{owner}/{repo}/installation',
  'POST /app/installations/{installation_id}/access_tokens',
];

let gh: Emulator;
let description: Description;
let ajv: Ajv;
const recorded: Recorded[] = [];
const repo = { owner: 'alice', repo: 'sample-game' };

/** Records every response (and error response) of the client, by its route template (the description's path key). */
function recording<T extends Octokit>(octokit: T): T {
  octokit.hook.wrap('request', async (request, options) => {
    const entry = { method: options.method, route: String(options.url) };
    try {
      const response = await request(options);
      recorded.push({ ...entry, status: response.status, body: response.data });
      return response;
    } catch (error) {
      const failed = error as { status: number; response?: { data: unknown } };
      recorded.push({ ...entry, status: failed.status, body: failed.response?.data });
      throw error;
    }
  });
  return octokit;
}

/**
 * OpenAPI 3.0's `nullable: true` as JSON Schema: a `null` type beside the declared one, or, for schemas
 * without a type (GitHub's `allOf` of a component), the schema or null.
 */
function jsonSchemaNulls(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(jsonSchemaNulls);
  if (!node || typeof node !== 'object') return node;
  const { nullable, ...rest } = node as Record<string, unknown>;
  const converted = Object.fromEntries(Object.entries(rest).map(([key, value]) => [key, jsonSchemaNulls(value)]));
  if (nullable !== true) return typeof nullable === 'boolean' ? converted : { ...converted, ...(nullable === undefined ? {} : { nullable }) };
  // A nullable enum (e.g. an issue's `state_reason`) takes null as one of its values too.
  if (Array.isArray(converted.enum) && !converted.enum.includes(null)) converted.enum = [...converted.enum, null];
  if (typeof converted.type === 'string') return { ...converted, type: [converted.type, 'null'] };
  return { anyOf: [converted, { type: 'null' }] };
}

const escapePointer = (segment: string) => segment.replaceAll('~', '~0').replaceAll('/', '~1');
const validators = new Map<string, ValidateFunction>();

/** The schema GitHub documents for this response's JSON body, or null when it documents none (204, 302). */
function schemaFor({ method, route, status }: Recorded): ValidateFunction | null {
  const operation = description.paths[route]?.[method.toLowerCase()];
  if (!operation) throw new Error(`${method} ${route} is not in GitHub's description`);
  let pointer = `#/paths/${escapePointer(route)}/${method.toLowerCase()}/responses/${status}`;
  let response = operation.responses[String(status)];
  if (!response) throw new Error(`${method} ${route} answered ${status}, which GitHub does not document for it`);
  if ('$ref' in response) {
    // `#/components/responses/<name>`
    pointer = response.$ref;
    response = description.components.responses[pointer.split('/')[3]!]!;
  }
  if (!response.content?.['application/json']) return null;
  const ref = `github.json${pointer}/content/application~1json/schema`;
  let validate = validators.get(ref);
  if (!validate) {
    validate = ajv.compile({ $ref: ref });
    validators.set(ref, validate);
  }
  return validate;
}

beforeAll(async () => {
  const file = createRequire(import.meta.url).resolve('@octokit/openapi/generated/api.github.com.json');
  description = jsonSchemaNulls(JSON.parse(await readFile(file, 'utf8'))) as Description;
  // Keywords outside JSON Schema (example, x-github, discriminator) are ignored.
  ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
  addFormats(ajv);
  ajv.addSchema(description, 'github.json');
  gh = await startEmulator();
}, 60_000);

afterAll(async () => {
  await gh?.close();
});

describe("the emulator against GitHub's OpenAPI description", () => {
  it('answers every operation the app uses with a documented status and a body that fits its schema', async () => {
    const alice = recording(gh.octokit(await gh.token('alice')));
    const dave = recording(gh.octokit(await gh.token('dave')));
    const failing = async (call: Promise<unknown>) => expect(call).rejects.toHaveProperty('status');

    await alice.rest.users.getAuthenticated();
    await alice.rest.users.listEmailsForAuthenticatedUser();
    await alice.rest.repos.listForAuthenticatedUser();
    await alice.rest.repos.get(repo);
    await failing(dave.rest.repos.get(repo));
    await alice.rest.repos.listBranches(repo);
    const { data: main } = await alice.rest.git.getRef({ ...repo, ref: 'heads/main' });
    await alice.rest.git.listMatchingRefs({ ...repo, ref: 'heads/' });
    await alice.rest.repos.getCommit({ ...repo, ref: 'main' });
    await alice.rest.repos.compareCommitsWithBasehead({ ...repo, basehead: 'main...develop' });
    await alice.rest.git.getTree({ ...repo, tree_sha: main.object.sha, recursive: '1' });
    await gh.control.treeLimit(3);
    await alice.rest.git.getTree({ ...repo, tree_sha: main.object.sha, recursive: '1' });
    await gh.control.treeLimit(100_000);

    const branch = 'openapi-check';
    await alice.rest.git.createRef({ ...repo, ref: `refs/heads/${branch}`, sha: main.object.sha });
    const { data: blob } = await alice.rest.git.createBlob({ ...repo, content: Buffer.from([0, 1, 2]).toString('base64'), encoding: 'base64' });
    await alice.rest.git.getBlob({ ...repo, file_sha: blob.sha });
    const { data: tree } = await alice.rest.git.createTree({
      ...repo,
      base_tree: main.object.sha,
      tree: [
        { path: 'bytes.bin', mode: '100644', type: 'blob', sha: blob.sha },
        { path: 'notes.txt', mode: '100644', type: 'blob', content: 'notes\n' },
      ],
    });
    const { data: commit } = await alice.rest.git.createCommit({ ...repo, message: 'Check', tree: tree.sha, parents: [main.object.sha] });
    await alice.rest.git.updateRef({ ...repo, ref: `heads/${branch}`, sha: commit.sha, force: false });
    await failing(alice.rest.git.updateRef({ ...repo, ref: `heads/${branch}`, sha: main.object.sha, force: false }));
    const put = { ...repo, branch, path: 'docs/openapi.md', message: 'Add', content: Buffer.from('a\n').toString('base64') };
    const { data: created } = await alice.rest.repos.createOrUpdateFileContents(put);
    await alice.rest.repos.createOrUpdateFileContents({ ...put, message: 'Update', sha: created.content!.sha });
    await failing(alice.rest.git.createBlob({ owner: 'alice', repo: 'blank-slate', content: 'x' }));
    await alice.rest.repos.downloadTarballArchive({ ...repo, ref: main.object.sha, request: { redirect: 'manual' } });
    const { data: pull } = await alice.rest.pulls.create({ ...repo, head: branch, base: 'main', title: 'Check' });
    await alice.rest.pulls.get({ ...repo, pull_number: pull.number });
    await alice.rest.issues.listForRepo({ ...repo, per_page: 100 });
    await alice.rest.issues.get({ ...repo, issue_number: 2 });
    await alice.rest.issues.get({ ...repo, issue_number: pull.number });
    await failing(alice.rest.issues.get({ ...repo, issue_number: 999 }));
    await alice.rest.issues.listComments({ ...repo, issue_number: 2 });

    const app = await gh.control.app();
    const octokitApp = new App({
      appId: app.id,
      privateKey: app.private_key,
      Octokit: Octokit.defaults({ baseUrl: gh.apiUrl, log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} } }),
    });
    const asApp = recording(octokitApp.octokit as unknown as Octokit);
    const { data: installation } = await asApp.request('GET /repos/{owner}/{repo}/installation', repo);
    await asApp.request('POST /app/installations/{installation_id}/access_tokens', { installation_id: installation.id });

    expect(new Set(recorded.map((r) => `${r.method} ${r.route}`))).toEqual(new Set(APP_OPERATIONS));
    const problems = recorded.flatMap((response) => {
      const validate = schemaFor(response);
      if (!validate || validate(response.body)) return [];
      return [`${response.method} ${response.route} → ${response.status}: ${ajv.errorsText(validate.errors, { separator: '\n  ' })}`];
    });
    expect(problems).toEqual([]);
    expect(recorded.map((r) => r.status)).toEqual(expect.arrayContaining([200, 201, 302, 404, 409, 422]));
  }, 60_000);
});
