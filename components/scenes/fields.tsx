'use client';

import { useState, type KeyboardEvent } from 'react';

/**
 * Inputs that edit the scene when the user is done (Enter or leaving the field), not on every
 * keystroke, so one change is one undo step. Escape puts the current value back.
 */
interface DraftProps<T> {
  label: string;
  value: T;
  disabled?: boolean;
  onCommit: (value: T) => void;
}

const inputClass = 'w-full rounded border border-slate-300 dark:border-slate-600 px-1.5 py-0.5 text-xs disabled:bg-slate-100 dark:disabled:bg-slate-800 disabled:text-slate-500 dark:disabled:text-slate-400';

function useDraft(shown: string) {
  const [draft, setDraft] = useState<{ text: string; from: string } | null>(null);
  // A draft typed against an older value is dropped when the value changes underneath (undo, canvas).
  const text = draft && draft.from === shown ? draft.text : shown;
  return { text, setText: (next: string) => setDraft({ text: next, from: shown }), reset: () => setDraft(null) };
}

function keyHandler(commit: () => void, reset: () => void) {
  return (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      commit();
    } else if (event.key === 'Escape') {
      reset();
    }
  };
}

export function NumberField({ label, value, disabled, onCommit, min }: DraftProps<number> & { min?: number }) {
  const { text, setText, reset } = useDraft(String(value));
  const parsed = Number(text);
  const invalid = text.trim() === '' || !Number.isFinite(parsed) || (min !== undefined && parsed < min);
  const commit = () => {
    if (!invalid && parsed !== value) onCommit(parsed);
    reset();
  };
  return (
    <label className="flex flex-col gap-0.5 text-[11px] font-medium text-slate-600 dark:text-slate-400">
      {label}
      <input
        type="text"
        inputMode="decimal"
        value={text}
        disabled={disabled}
        aria-invalid={invalid}
        onChange={(event) => setText(event.target.value)}
        onBlur={commit}
        onKeyDown={keyHandler(commit, reset)}
        className={`${inputClass} font-mono ${invalid ? 'border-red-500' : ''}`}
      />
    </label>
  );
}

export function TextField({ label, value, disabled, onCommit, multiline }: DraftProps<string> & { multiline?: boolean }) {
  const { text, setText, reset } = useDraft(value);
  const commit = () => {
    if (text !== value) onCommit(text);
    reset();
  };
  return (
    <label className="flex flex-col gap-0.5 text-[11px] font-medium text-slate-600 dark:text-slate-400">
      {label}
      {multiline ? (
        <textarea value={text} rows={2} disabled={disabled} onChange={(event) => setText(event.target.value)} onBlur={commit} className={inputClass} />
      ) : (
        <input type="text" value={text} disabled={disabled} onChange={(event) => setText(event.target.value)} onBlur={commit} onKeyDown={keyHandler(commit, reset)} className={inputClass} />
      )}
    </label>
  );
}

/** A colour, or none when `optional` and unticked. */
export function ColorField({ label, value, disabled, onCommit, optional }: DraftProps<string | null> & { optional?: boolean }) {
  return (
    <div className="flex items-center gap-1.5 text-[11px] font-medium text-slate-600 dark:text-slate-400">
      {optional ? (
        <input
          type="checkbox"
          aria-label={`Use ${label.toLowerCase()}`}
          checked={value !== null}
          disabled={disabled}
          onChange={(event) => onCommit(event.target.checked ? '#1d2433' : null)}
        />
      ) : null}
      <label className="flex items-center gap-1.5">
        {label}
        <input
          type="color"
          value={value && /^#[0-9a-f]{6}$/i.test(value) ? value : '#000000'}
          disabled={disabled || value === null}
          onChange={(event) => onCommit(event.target.value)}
          className="h-5 w-8 rounded border border-slate-300 dark:border-slate-600"
        />
      </label>
      <span className="font-mono text-slate-500 dark:text-slate-400">{value ?? 'none'}</span>
    </div>
  );
}
