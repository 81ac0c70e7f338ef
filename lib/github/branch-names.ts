import { z } from 'zod';

/**
 * Git's rules for branch names (`git check-ref-format --branch`), checked before GitHub is called
 * so the user gets a precise reason. Also refuses `HEAD` and names over 255 bytes, which GitHub rejects.
 */
export function branchNameProblem(name: string): string | null {
  if (name.length === 0) return 'Branch name is empty.';
  if (new TextEncoder().encode(name).length > 255) return 'Branch name is longer than 255 bytes.';
  if (name === '@' || name === 'HEAD') return `"${name}" cannot be used as a branch name.`;
  if (name.startsWith('-')) return 'Branch name cannot start with "-".';
  if (name.startsWith('/') || name.endsWith('/')) return 'Branch name cannot start or end with "/".';
  if (name.includes('//')) return 'Branch name cannot contain "//".';
  if (name.endsWith('.')) return 'Branch name cannot end with ".".';
  if (name.includes('..')) return 'Branch name cannot contain "..".';
  if (name.includes('@{')) return 'Branch name cannot contain "@{".';
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'Branch name cannot contain control characters.';
  const forbidden = name.match(/[ ~^:?*[\\]/);
  if (forbidden) return `Branch name cannot contain "${forbidden[0]}".`;
  for (const component of name.split('/')) {
    if (component.startsWith('.')) return 'No part of a branch name may start with ".".';
    if (component.endsWith('.lock')) return 'No part of a branch name may end with ".lock".';
  }
  return null;
}

export const branchName = z.string().superRefine((name, context) => {
  const problem = branchNameProblem(name);
  if (problem) context.addIssue({ code: 'custom', message: problem });
});
