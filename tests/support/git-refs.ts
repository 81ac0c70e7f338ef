import { execFileSync } from 'node:child_process';

/** git's own verdict on a branch name (`git check-ref-format --branch`). */
export function gitAccepts(name: string): boolean {
  try {
    execFileSync('git', ['check-ref-format', '--branch', name], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
