/**
 * Code editor figures on a 10,000-file branch (prints numbers; asserts nothing):
 * - one commit of 10,000 new text files (calls, time),
 * - reading the recursive tree cold and again (ETag → 304),
 * - the browser-side tree model: working files, folder index, visible rows, search,
 * - GitHub calls per commit for 1 … 1,000 text files (constant).
 * Figures for `npm run bench`: calls to open the branch (recursive tree, cold), to reopen it (answered by a
 * counted 200, or an uncounted 304), and per commit of 1 / 10 / 100 files.
 *
 *   npx tsx bench/code-tree.ts [files=10000]
 */
import { performance } from 'node:perf_hooks';
import { GitHubEmulatorControl } from '@/emulators/github/control';
import { indexFolders, searchFiles, visibleRows } from '@/lib/code/file-tree';
import { emptyStaging, workingFiles, workingFolders } from '@/lib/code/staging';
import { commitChanges } from '@/lib/github/commits';
import { createOctokit } from '@/lib/github/octokit';
import { createBranch } from '@/lib/github/repos';
import { readTree } from '@/lib/github/tree';
import { startTestGitHub } from '../tests/support/github';
import { figure } from './support/report';

const fileCount = Number(process.argv[2] ?? 10_000);
const owner = 'alice';
const repo = 'sample-game';

async function timed<T>(run: () => Promise<T> | T): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await run();
  return { value, ms: performance.now() - start };
}

const format = (ms: number) => `${ms.toFixed(1)} ms`;

async function main() {
  const github = await startTestGitHub();
  try {
    const control = new GitHubEmulatorControl(github.url);
    const token = (await github.signIn('alice')).access_token;
    const client = createOctokit({ token, cacheKey: 'bench' });
    const { sha: base } = await createBranch(client, { owner, repo, baseBranch: 'main', newBranch: 'bench/tree' });

    const changes = Array.from({ length: fileCount }, (_, i) => ({
      path: `levels/world-${Math.floor(i / 500)}/zone-${Math.floor(i / 50) % 10}/entity-${i}.json`,
      content: `{"id": ${i}, "name": "entity ${i}"}\n`,
    }));
    let { lastSeq } = await control.requests();
    const seeded = await timed(() => commitChanges(client, { owner, repo, branch: 'bench/tree', expectedHeadSha: base, message: 'Seed', changes }));
    if (seeded.value.status !== 'committed') throw new Error('seed commit failed');
    const seedCalls = (await control.requests(lastSeq)).requests.length;
    console.log(`commit of ${fileCount} new text files: ${seedCalls} GitHub calls, ${format(seeded.ms)}`);

    const head = seeded.value.sha;
    ({ lastSeq } = await control.requests());
    const cold = await timed(() => readTree(createOctokit({ token, cacheKey: 'cold' }), owner, repo, head));
    const openCalls = (await control.requests(lastSeq)).requests.length;
    ({ lastSeq } = await control.requests());
    const warm = await timed(() => readTree(createOctokit({ token, cacheKey: 'cold' }), owner, repo, head));
    const reopened = (await control.requests(lastSeq)).requests;
    const statuses = reopened.map((request) => request.status).join(', ');
    console.log(`recursive tree, ${cold.value.entries.length} entries: first read ${format(cold.ms)}, reopen ${format(warm.ms)} (status ${statuses})`);
    figure({ metric: `GitHub calls to open a ${fileCount}-file branch`, target: '≤ 2', measured: String(openCalls), pass: openCalls <= 2 });
    // GitHub does not count a conditional request answered 304 against the rate limit.
    const countedReopen = reopened.filter((request) => request.status !== 304).length;
    figure({ metric: 'GitHub calls counted to reopen it', target: '0 (304)', measured: `${countedReopen} (status ${statuses})`, pass: countedReopen === 0 });

    const staged = emptyStaging(head);
    staged.changes['levels/world-0/zone-0/entity-0.json'] = { kind: 'edit', content: '{}', baseSha: cold.value.entries[0]!.sha };
    staged.changes['levels/new.json'] = { kind: 'create', content: '{}' };
    const files = await timed(() => workingFiles(cold.value.entries, staged));
    const folders = await timed(() => workingFolders(files.value, staged));
    const index = await timed(() => indexFolders(files.value.keys(), folders.value));
    const collapsed = await timed(() => visibleRows(index.value, new Set()));
    const expandedAll = await timed(() => visibleRows(index.value, folders.value));
    const search = await timed(() => searchFiles(files.value.keys(), 'entity-99'));
    console.log(`browser tree model over ${files.value.size} files / ${folders.value.size} folders:`);
    console.log(`  working files ${format(files.ms)}, folders ${format(folders.ms)}, folder index ${format(index.ms)}`);
    console.log(`  visible rows: collapsed ${collapsed.value.length} in ${format(collapsed.ms)}, all expanded ${expandedAll.value.length} in ${format(expandedAll.ms)}`);
    console.log(`  search "entity-99": ${search.value.length} matches in ${format(search.ms)}`);

    let expected = head;
    for (const n of [1, 10, 100, 1_000]) {
      ({ lastSeq } = await control.requests());
      const edits = Array.from({ length: n }, (_, i) => ({ path: `edits/file-${i}.txt`, content: `edit ${n} ${i}\n` }));
      const result = await timed(() => commitChanges(client, { owner, repo, branch: 'bench/tree', expectedHeadSha: expected, message: `${n} edits`, changes: edits }));
      if (result.value.status !== 'committed') throw new Error('commit failed');
      expected = result.value.sha;
      const calls = (await control.requests(lastSeq)).requests.length;
      console.log(`commit of ${String(n).padStart(5)} text files: ${calls} GitHub calls, ${format(result.ms)}`);
      if (n <= 100) figure({ metric: `GitHub calls to commit ${n} text file${n === 1 ? '' : 's'}`, target: '≤ 5', measured: String(calls), pass: calls <= 5 });
    }
  } finally {
    await github.close();
  }
}

await main();
