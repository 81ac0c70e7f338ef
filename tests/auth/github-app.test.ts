import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GitHubEmulatorControl } from '@/emulators/github/control';
import { startTestGitHub, type TestGitHub } from '../support/github';

let github: TestGitHub;
let control: GitHubEmulatorControl;

beforeAll(async () => {
  github = await startTestGitHub();
  control = new GitHubEmulatorControl(github.url);
  const app = await control.app();
  // Read once by env(): set before the first import of the code under test.
  Object.assign(process.env, { GITHUB_APP_ID: String(app.id), GITHUB_APP_PRIVATE_KEY: app.private_key });
});

afterAll(async () => {
  await github?.close();
});

describe('the optional GitHub App', () => {
  it('acts on a repository through an installation token', async () => {
    const { installationClientForRepo } = await import('@/lib/github/app');
    const client = await installationClientForRepo('alice', 'sample-game');
    expect(client).not.toBeNull();
    const since = (await control.requests()).lastSeq;
    const { data } = await client!.rest.repos.get({ owner: 'alice', repo: 'sample-game' });
    expect(data.full_name).toBe('alice/sample-game');
    const { requests } = await control.requests(since);
    expect(requests.find((r) => r.path === '/api/v3/repos/alice/sample-game')?.user).toMatch(/^installation:\d+$/);
    expect(requests.some((r) => r.method === 'POST' && /\/app\/installations\/\d+\/access_tokens$/.test(r.path))).toBe(true);
  });

  it('is null for a repository it is not installed on', async () => {
    const { installationClientForRepo } = await import('@/lib/github/app');
    expect(await installationClientForRepo('alice', 'no-such-repo')).toBeNull();
  });
});
