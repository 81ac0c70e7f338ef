// `npm start` on a fresh clone: install dependencies and build when missing, then serve with
// embedded defaults. Plain JavaScript so it runs before anything is installed.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

function run(command, args) {
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (!existsSync('node_modules/.package-lock.json')) run('npm', ['ci']);
if (!existsSync('.next/BUILD_ID')) run('npm', ['run', 'build']);
run('npx', ['tsx', 'scripts/serve.ts', ...process.argv.slice(2)]);
