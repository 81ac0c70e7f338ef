import type { InputHTMLAttributes } from 'react';

/**
 * The search field of lists (branches, repositories, files, assets, issues): labelled for screen
 * readers by `label`, which is also its placeholder unless one is given. `className` sizes and places it.
 */
export function SearchBox({
  label,
  value,
  onValue,
  placeholder = `${label}…`,
  className = '',
  ...rest
}: Omit<InputHTMLAttributes<HTMLInputElement>, 'type' | 'value' | 'onChange' | 'aria-label'> & { label: string; value: string; onValue: (value: string) => void }) {
  return (
    <input
      {...rest}
      type="search"
      aria-label={label}
      placeholder={placeholder}
      value={value}
      onChange={(event) => onValue(event.target.value)}
      className={`rounded-md border border-slate-300 dark:border-slate-600 focus:border-indigo-500 focus:outline-none ${className}`.trim()}
    />
  );
}
