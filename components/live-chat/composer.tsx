'use client';

import { type ClipboardEvent, type FormEvent, type KeyboardEvent, useId, useState } from 'react';
import { CHAT_IMAGE_TYPES, describeLines, MAX_IMAGE_BYTES, MAX_IMAGES_PER_MESSAGE } from '@/lib/live-chat/protocol';
import type { OutgoingMessage } from './use-live-chat';

interface PastedImage {
  key: string;
  dataUrl: string;
}

type Attachment = NonNullable<OutgoingMessage['attachment']>;

function readAsDataUrl(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('The image could not be read.'));
    reader.readAsDataURL(file);
  });
}

/** The attachment form: a file of the branch (suggested from its tree), optionally lines of it. */
function AttachForm(props: { files: string[]; filesComplete: boolean; onAttach: (attachment: Attachment) => void; onCancel: () => void }) {
  const { files, filesComplete } = props;
  const listId = useId();
  const [path, setPath] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  const attach = () => {
    const target = path.trim().replace(/^\/+/, '');
    const start = from ? Number(from) : undefined;
    const end = to ? Number(to) : undefined;
    if (!target) return setProblem('Enter the path of a file of this branch.');
    if (filesComplete && !files.includes(target)) return setProblem(`There is no file "${target}" on this branch.`);
    if (end !== undefined && start === undefined) return setProblem('Enter the first line of the selection too.');
    if (start !== undefined && end !== undefined && end < start) return setProblem('The last line must not come before the first.');
    props.onAttach({ path: target, ...(start !== undefined ? { startLine: start, endLine: end ?? start } : {}) });
  };

  return (
    <fieldset className="flex flex-wrap items-end gap-2 rounded-md border border-slate-200 dark:border-slate-700 bg-slate-50 dark:bg-slate-900 px-3 py-2 text-sm">
      <legend className="px-1 text-xs font-medium text-slate-700 dark:text-slate-300">Attach a file of the branch</legend>
      <label className="flex min-w-48 flex-1 flex-col text-xs text-slate-700 dark:text-slate-300">
        File path
        <input
          list={listId}
          value={path}
          onChange={(event) => setPath(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter') {
              event.preventDefault();
              attach();
            }
          }}
          placeholder="src/main.ts"
          autoComplete="off"
          className="mt-0.5 rounded border border-slate-300 dark:border-slate-600 px-2 py-1 font-mono text-sm"
        />
        <datalist id={listId}>
          {files.map((file) => (
            <option key={file} value={file} />
          ))}
        </datalist>
      </label>
      <label className="flex w-24 flex-col text-xs text-slate-700 dark:text-slate-300">
        From line
        <input type="number" min={1} value={from} onChange={(event) => setFrom(event.target.value)} className="mt-0.5 rounded border border-slate-300 dark:border-slate-600 px-2 py-1 text-sm" />
      </label>
      <label className="flex w-24 flex-col text-xs text-slate-700 dark:text-slate-300">
        To line
        <input type="number" min={1} value={to} onChange={(event) => setTo(event.target.value)} className="mt-0.5 rounded border border-slate-300 dark:border-slate-600 px-2 py-1 text-sm" />
      </label>
      <button type="button" onClick={attach} className="rounded-md bg-slate-800 dark:bg-slate-700 px-3 py-1 text-xs font-medium text-white hover:bg-slate-700 dark:hover:bg-slate-600">
        Attach
      </button>
      <button type="button" onClick={props.onCancel} className="rounded-md px-2 py-1 text-xs text-slate-700 dark:text-slate-300 hover:bg-slate-100 dark:hover:bg-slate-800">
        Cancel
      </button>
      {problem ? (
        <p role="alert" className="w-full text-xs text-red-800 dark:text-red-200">
          {problem}
        </p>
      ) : null}
    </fieldset>
  );
}

/**
 * The message box: Enter sends, Shift+Enter starts a new line, Escape stops a running answer. A file of
 * the branch (and lines of it) can be attached, and images pasted. Disabled, with the reason shown, when
 * the user cannot start turns.
 */
export function Composer(props: {
  files: string[];
  filesComplete: boolean;
  disabledReason: string | null;
  sending: boolean;
  running: boolean;
  onSend: (message: OutgoingMessage) => Promise<boolean>;
  onStop: () => void;
}) {
  const { disabledReason, sending, running } = props;
  const reasonId = useId();
  const [text, setText] = useState('');
  const [attachment, setAttachment] = useState<Attachment | null>(null);
  const [attaching, setAttaching] = useState(false);
  const [images, setImages] = useState<PastedImage[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const disabled = disabledReason !== null;
  const canSend = !disabled && !sending && !running && (text.trim() !== '' || images.length > 0);

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (!canSend) return;
    const sent = await props.onSend({
      content: text.trim(),
      ...(attachment ? { attachment } : {}),
      images: images.map((image) => image.dataUrl.slice(image.dataUrl.indexOf(',') + 1)),
    });
    if (sent) {
      setText('');
      setAttachment(null);
      setImages([]);
      setProblem(null);
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void submit();
    } else if (event.key === 'Escape' && running) {
      event.preventDefault();
      props.onStop();
    }
  };

  const onPaste = async (event: ClipboardEvent<HTMLTextAreaElement>) => {
    const files = [...event.clipboardData.files].filter((file) => file.type.startsWith('image/'));
    if (files.length === 0) return;
    event.preventDefault();
    setProblem(null);
    for (const file of files) {
      if (!(CHAT_IMAGE_TYPES as readonly string[]).includes(file.type)) return setProblem(`${file.type} images cannot be sent; paste a PNG, JPEG, GIF or WebP.`);
      if (file.size > MAX_IMAGE_BYTES) return setProblem(`That image is ${(file.size / 1024 / 1024).toFixed(1)} MB; images are limited to ${MAX_IMAGE_BYTES / 1024 / 1024} MB.`);
    }
    if (images.length + files.length > MAX_IMAGES_PER_MESSAGE) return setProblem(`Attach at most ${MAX_IMAGES_PER_MESSAGE} images to a message.`);
    try {
      const pasted = await Promise.all(files.map(async (file) => ({ key: crypto.randomUUID(), dataUrl: await readAsDataUrl(file) })));
      setImages((current) => [...current, ...pasted]);
    } catch (error) {
      setProblem((error as Error).message);
    }
  };

  return (
    <form onSubmit={submit} aria-label="Message the assistant" className="space-y-2 border-t border-slate-200 dark:border-slate-700 bg-white dark:bg-slate-950 px-6 py-3">
      {attaching ? (
        <AttachForm
          files={props.files}
          filesComplete={props.filesComplete}
          onAttach={(value) => {
            setAttachment(value);
            setAttaching(false);
          }}
          onCancel={() => setAttaching(false)}
        />
      ) : null}
      {attachment || images.length ? (
        <ul aria-label="Attachments" className="flex flex-wrap items-center gap-2">
          {attachment ? (
            <li className="flex items-center gap-1 rounded bg-slate-100 dark:bg-slate-800 px-2 py-0.5 font-mono text-xs">
              📎 {attachment.path}
              {attachment.startLine !== undefined ? ` (${describeLines(attachment)})` : ''}
              <button type="button" aria-label={`Remove ${attachment.path}`} onClick={() => setAttachment(null)} className="ml-1 text-slate-500 dark:text-slate-400 hover:text-slate-900 dark:hover:text-slate-100">
                ✕
              </button>
            </li>
          ) : null}
          {images.map((image, index) => (
            <li key={image.key} className="relative">
              {/* eslint-disable-next-line @next/next/no-img-element -- a local data URL preview */}
              <img src={image.dataUrl} alt={`Pasted image ${index + 1}`} className="h-14 rounded border border-slate-200 dark:border-slate-700" />
              <button
                type="button"
                aria-label={`Remove pasted image ${index + 1}`}
                onClick={() => setImages((current) => current.filter((item) => item.key !== image.key))}
                className="absolute -top-2 -right-2 rounded-full bg-white dark:bg-slate-950 px-1 text-xs shadow"
              >
                ✕
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {problem ? (
        <p role="alert" className="text-xs text-red-800 dark:text-red-200">
          {problem}
        </p>
      ) : null}
      <div className="flex items-end gap-2">
        <textarea
          aria-label="Message"
          aria-describedby={disabled ? reasonId : undefined}
          value={text}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={onKeyDown}
          onPaste={onPaste}
          disabled={disabled}
          rows={3}
          placeholder={disabled ? '' : 'Ask about this branch or for a change. Enter sends, Shift+Enter adds a line; paste images here.'}
          className="min-h-16 flex-1 resize-y rounded-md border border-slate-300 dark:border-slate-600 px-3 py-2 text-sm disabled:bg-slate-50 dark:disabled:bg-slate-900"
        />
        <div className="flex flex-col gap-2">
          <button
            type="button"
            onClick={() => setAttaching((open) => !open)}
            disabled={disabled}
            aria-expanded={attaching}
            className="rounded-md border border-slate-300 dark:border-slate-600 px-3 py-1.5 text-sm hover:bg-slate-50 dark:hover:bg-slate-900 disabled:opacity-50"
          >
            Attach file
          </button>
          {running ? (
            <button type="button" onClick={props.onStop} className="rounded-md bg-red-600 px-4 py-1.5 text-sm font-medium text-white hover:bg-red-500">
              Stop
            </button>
          ) : (
            <button type="submit" disabled={!canSend} className="rounded-md bg-indigo-600 px-4 py-1.5 text-sm font-medium text-white hover:bg-indigo-500 disabled:opacity-50">
              {sending ? 'Sending…' : 'Send'}
            </button>
          )}
        </div>
      </div>
      {disabledReason ? (
        <p id={reasonId} className="rounded-md bg-amber-50 dark:bg-amber-950 px-3 py-2 text-sm text-amber-900 dark:text-amber-100">
          {disabledReason}
        </p>
      ) : null}
    </form>
  );
}
