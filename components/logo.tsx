/**
 * The WebEDT mark: code brackets around an editor caret. Decorative wherever it appears next to the name; the
 * drawing is also the favicon (app/icon.svg).
 */
export function Logo({ className }: { className?: string }) {
  return (
    <svg viewBox="0 0 32 32" aria-hidden="true" focusable="false" className={className}>
      <rect width="32" height="32" rx="7" fill="#4f46e5" />
      <path d="M12 10l-6 6 6 6M20 10l6 6-6 6" fill="none" stroke="#fff" strokeWidth="2.5" strokeLinecap="round" strokeLinejoin="round" />
      <path d="M16 9v14" stroke="#a5b4fc" strokeWidth="2.5" strokeLinecap="round" />
    </svg>
  );
}
