import type { ReactNode } from 'react';

const LOOKS = {
  /** The red box under a form. */
  box: 'rounded-md bg-red-50 dark:bg-red-950 px-3 py-2 text-sm text-red-800 dark:text-red-200',
  /** Red text next to the field or control it is about (the caller sets its size). */
  inline: 'text-red-700 dark:text-red-300',
};

/**
 * Why an action did not happen, as every form shows it: announced at once (role="alert"), nothing
 * at all when there is nothing to say. `className` places it (margins, and the inline text's size);
 * `id` lets the field it is about point at it (aria-describedby).
 */
export function FormError({ children, look = 'box', id, className = '' }: { children: ReactNode; look?: keyof typeof LOOKS; id?: string; className?: string }) {
  if (children === null || children === undefined || children === false || children === '') return null;
  return (
    <p id={id} role="alert" className={`${LOOKS[look]} ${className}`.trim()}>
      {children}
    </p>
  );
}
