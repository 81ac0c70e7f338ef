import type { ReactNode } from 'react';

/**
 * Why an action did not happen, in the red box every form uses: announced at once (role="alert"),
 * nothing at all when there is nothing to say. `className` places it (margins).
 */
export function FormError({ children, className = '' }: { children: ReactNode; className?: string }) {
  if (children === null || children === undefined || children === false || children === '') return null;
  return (
    <p role="alert" className={`rounded-md bg-red-50 dark:bg-red-950 px-3 py-2 text-sm text-red-800 dark:text-red-200 ${className}`.trim()}>
      {children}
    </p>
  );
}
