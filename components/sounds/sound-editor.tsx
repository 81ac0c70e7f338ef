'use client';

import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { EditorLoadState, SaveNote } from '@/components/media/editor-parts';
import { useEditorShortcuts, useMediaEditor } from '@/components/media/use-media-editor';
import { baseName } from '@/lib/github/paths';
import { fetchBlob } from '@/lib/media/assets';
import { canRedo, canUndo } from '@/lib/media/history';
import {
  applyGain,
  type AudioClip,
  clipBytes,
  clipFrames,
  clipSeconds,
  deleteRange,
  fadeIn,
  fadeOut,
  normalize,
  rangeOfSeconds,
  reverse,
  type SampleRange,
  trimTo,
  wholeClip,
} from '@/lib/sounds/clip';
import { decodeSound } from '@/lib/sounds/decode';
import { encodeWav } from '@/lib/sounds/wav';
import { type Selection, Waveform, type WaveformHandle } from './waveform';
import { matches, shortcuts } from '@/components/command-palette/shortcuts';

/** What the editor has open: a file of the branch, or a new sound (recorded or generated). */
export interface OpenSound {
  /** The file the sound comes from (null for a new one) and its blob. */
  source: { path: string; sha: string } | null;
  /** A new sound's samples (instead of a file to load). */
  initialClip: AudioClip | null;
  /** Where a commit writes: always a WAV file. */
  targetPath: string;
  /** Why the result goes to another file than the source, if it does. */
  note: string | null;
}

const HISTORY_LIMITS = { maxSteps: 100, maxBytes: 256 * 1024 * 1024, sizeOf: clipBytes };

type Edit = 'trim' | 'delete' | 'fade-in' | 'fade-out' | 'normalize' | 'reverse' | 'gain';

const seconds = (value: number) => `${value.toFixed(3)} s`;

export function SoundEditor({
  owner,
  repo,
  file,
  canWrite,
  committedClip,
  committing,
  targetProblem,
  onTargetPath,
  onDirty,
  onCommit,
  onClose,
}: {
  owner: string;
  repo: string;
  file: OpenSound;
  canWrite: boolean;
  /** The sound last committed from this editor (it is then no longer "changed"). */
  committedClip: AudioClip | null;
  committing: boolean;
  /** Why the sound cannot be written to `file.targetPath`, or null. */
  targetProblem: string | null;
  onTargetPath: (path: string) => void;
  /** Told whether the editor holds uncommitted work. */
  onDirty: (dirty: boolean) => void;
  /** Starts the commit of these bytes; returns why it cannot, if so. */
  onCommit: (bytes: Uint8Array, clip: AudioClip) => string | null;
  onClose: (dirty: boolean) => void;
}) {
  const title = file.source?.path ?? file.targetPath;
  const source = file.source;
  const { load, history, present, dirty, apply, undo, redo } = useMediaEditor<AudioClip>({
    load: source ? async () => decodeSound(await fetchBlob(owner, repo, source.sha, source.path), source.path) : null,
    initial: file.initialClip,
    limits: HISTORY_LIMITS,
    committed: committedClip,
  });
  const [selection, setSelection] = useState<Selection | null>(null);
  const [zoom, setZoom] = useState(0);
  const [playing, setPlaying] = useState(false);
  const [time, setTime] = useState(0);
  const [gain, setGain] = useState(3);
  const [notice, setNotice] = useState<string | null>(null);
  const waveform = useRef<WaveformHandle>(null);

  const isNewFile = file.source?.path !== file.targetPath;
  const wav = useMemo(() => (present ? new Blob([encodeWav(present)], { type: 'audio/wav' }) : null), [present]);

  useEffect(() => onDirty(dirty), [dirty, onDirty]);

  const range: SampleRange | null = present && selection ? rangeOfSeconds(present, selection.start, selection.end) : null;

  const edit = useCallback(
    (kind: Edit) => {
      if (!present || !canWrite) return;
      const target = range ?? wholeClip(present);
      if ((kind === 'trim' || kind === 'delete') && !range) {
        setNotice('Select a part of the sound first (drag across the waveform).');
        return;
      }
      if (kind === 'delete' && target.end - target.start === clipFrames(present)) {
        setNotice('Deleting everything would leave an empty sound.');
        return;
      }
      const edits: Record<Edit, () => AudioClip> = {
        trim: () => trimTo(present, target),
        delete: () => deleteRange(present, target),
        'fade-in': () => fadeIn(present, target),
        'fade-out': () => fadeOut(present, target),
        normalize: () => normalize(present, target),
        reverse: () => reverse(present, target),
        gain: () => applyGain(present, target, gain),
      };
      waveform.current?.stop();
      apply(edits[kind]);
      if (kind === 'trim' || kind === 'delete') setSelection(null);
      setNotice(null);
    },
    [present, canWrite, range, gain, apply],
  );

  const commit = useCallback(() => {
    if (!present || !canWrite) return;
    if (!dirty && !isNewFile) {
      setNotice('Nothing to commit: the sound has not changed.');
      return;
    }
    if (targetProblem) {
      setNotice(targetProblem);
      return;
    }
    const problem = onCommit(encodeWav(present), present);
    if (problem) setNotice(problem);
  }, [present, canWrite, dirty, isNewFile, targetProblem, onCommit]);

  const onKey = useCallback(
    (_key: string, event: KeyboardEvent) => {
      if (matches(event, shortcuts.playPause)) {
        event.preventDefault();
        waveform.current?.playPause();
      } else if (matches(event, shortcuts.deleteRange) && selection) {
        event.preventDefault();
        edit('delete');
      } else if (matches(event, shortcuts.clearSelection)) {
        setSelection(null);
      }
    },
    [edit, selection],
  );
  useEditorShortcuts({ committing, onCommit: commit, onUndo: undo, onRedo: redo, onKey });

  const download = () => {
    if (!wav) return;
    const url = URL.createObjectURL(wav);
    const anchor = document.createElement('a');
    anchor.href = url;
    anchor.download = baseName(file.targetPath);
    anchor.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };

  const setSelectionPart = (part: 'start' | 'end', value: number) => {
    if (!present || !Number.isFinite(value)) return;
    const duration = clipSeconds(present);
    const current = selection ?? { start: 0, end: duration };
    const next = { ...current, [part]: Math.min(duration, Math.max(0, value)) };
    setSelection(next.end > next.start ? next : null);
  };

  const button = 'rounded px-2 py-1 text-sm hover:bg-slate-200 dark:hover:bg-slate-700 disabled:opacity-40 disabled:hover:bg-transparent';

  const header = (
    <div className="flex flex-wrap items-center gap-2 border-b border-slate-200 dark:border-slate-700 px-3 py-2">
      <button type="button" onClick={() => onClose(dirty)} className="rounded-md px-2 py-1 text-sm text-slate-700 dark:text-slate-300 hover:bg-slate-100 dark:hover:bg-slate-800">
        Close
      </button>
      <h2 className="min-w-0 truncate font-mono text-sm font-medium">
        {title}
        {dirty ? <span className="ml-1 text-amber-600 dark:text-amber-400">{file.source ? '(changed)' : '(new, not committed)'}</span> : null}
      </h2>
      <div className="ml-auto flex items-center gap-2 text-sm">
        {canWrite && isNewFile ? (
          <label className="flex items-center gap-1 text-slate-700 dark:text-slate-300">
            Save as
            <input
              value={file.targetPath}
              onChange={(event) => onTargetPath(event.target.value)}
              aria-invalid={targetProblem !== null}
              className="w-72 rounded-md border border-slate-300 dark:border-slate-600 px-2 py-0.5 font-mono text-xs"
            />
          </label>
        ) : null}
        <button type="button" onClick={download} disabled={!wav} className="rounded-md border border-slate-300 dark:border-slate-600 px-3 py-1 text-xs font-medium hover:bg-slate-50 dark:hover:bg-slate-900 disabled:opacity-40">
          Download WAV
        </button>
        {canWrite ? (
          <button
            type="button"
            onClick={commit}
            disabled={load.state !== 'ready' || committing}
            aria-keyshortcuts="Control+S Meta+S"
            className="rounded-md bg-indigo-600 px-3 py-1 text-xs font-medium text-white hover:bg-indigo-700 disabled:opacity-40"
          >
            Commit…
          </button>
        ) : null}
      </div>
    </div>
  );

  if (load.state !== 'ready' || !present || !wav) {
    return (
      <section aria-label={`Sound editor: ${title}`} className="flex h-full flex-col">
        {header}
        <EditorLoadState title={title} load={load} />
      </section>
    );
  }

  const duration = clipSeconds(present);
  const channels = present.channels.length;

  return (
    <section aria-label={`Sound editor: ${title}`} className="flex h-full min-h-0 flex-col">
      {header}
      <SaveNote note={file.note} />
      {canWrite && isNewFile && targetProblem ? (
        <p role="alert" className="border-b border-red-200 dark:border-red-800 bg-red-50 dark:bg-red-950 px-4 py-1 text-sm text-red-800 dark:text-red-200">
          Save as: {targetProblem}
        </p>
      ) : null}
      <div role="toolbar" aria-label="Sound tools" className="flex flex-wrap items-center gap-x-3 gap-y-1 border-b border-slate-200 dark:border-slate-700 bg-slate-50 dark:bg-slate-900 px-3 py-1.5">
        <div role="group" aria-label="Playback" className="flex items-center gap-0.5">
          <button type="button" onClick={() => waveform.current?.playPause()} aria-keyshortcuts="Space" className={`${button} w-16`}>
            {playing ? 'Pause' : 'Play'}
          </button>
          <button type="button" onClick={() => waveform.current?.playSelection()} disabled={!selection} className={button}>
            Play selection
          </button>
        </div>
        {canWrite ? (
          <>
            <div role="group" aria-label="History" className="flex items-center gap-0.5">
              <button type="button" onClick={undo} disabled={!canUndo(history!)} aria-keyshortcuts="Control+Z" className={button}>
                Undo
              </button>
              <button type="button" onClick={redo} disabled={!canRedo(history!)} aria-keyshortcuts="Control+Shift+Z" className={button}>
                Redo
              </button>
            </div>
            <div role="group" aria-label="Edit" className="flex flex-wrap items-center gap-0.5">
              <button type="button" onClick={() => edit('trim')} disabled={!range} className={button}>
                Trim to selection
              </button>
              <button type="button" onClick={() => edit('delete')} disabled={!range} aria-keyshortcuts="Delete" className={button}>
                Delete selection
              </button>
              <button type="button" onClick={() => edit('fade-in')} className={button}>
                Fade in
              </button>
              <button type="button" onClick={() => edit('fade-out')} className={button}>
                Fade out
              </button>
              <button type="button" onClick={() => edit('normalize')} className={button}>
                Normalize
              </button>
              <button type="button" onClick={() => edit('reverse')} className={button}>
                Reverse
              </button>
            </div>
            <div role="group" aria-label="Gain" className="flex items-center gap-1 text-sm">
              <label className="flex items-center gap-1">
                Gain
                <input
                  type="number"
                  step={0.5}
                  min={-48}
                  max={48}
                  value={gain}
                  onChange={(event) => setGain(Math.min(48, Math.max(-48, Number(event.target.value) || 0)))}
                  className="w-16 rounded border border-slate-300 dark:border-slate-600 px-1 py-0.5"
                />
                dB
              </label>
              <button type="button" onClick={() => edit('gain')} className={button}>
                Apply gain
              </button>
            </div>
          </>
        ) : null}
        <label className="ml-auto flex items-center gap-1 text-sm">
          Zoom
          <input type="range" min={0} max={2000} step={50} value={zoom} onChange={(event) => setZoom(Number(event.target.value))} />
        </label>
      </div>
      <div className="min-h-0 flex-1 overflow-auto px-4 py-3">
        <Waveform
          ref={waveform}
          blob={wav}
          label={`Waveform of ${title}`}
          selection={selection}
          zoom={zoom}
          onSelection={setSelection}
          onReady={() => setTime(0)}
          onTime={setTime}
          onPlaying={setPlaying}
          onError={(message) => setNotice(`The waveform could not be drawn: ${message}`)}
        />
        <div className="mt-3 flex flex-wrap items-center gap-3 text-sm">
          <span className="font-medium">Selection</span>
          {(['start', 'end'] as const).map((part) => (
            <label key={part} className="flex items-center gap-1">
              {part === 'start' ? 'Start' : 'End'}
              <input
                type="number"
                step={0.001}
                min={0}
                max={duration}
                aria-label={`Selection ${part} (seconds)`}
                value={selection ? Number(selection[part].toFixed(3)) : ''}
                placeholder={part === 'start' ? '0' : duration.toFixed(3)}
                onChange={(event) => setSelectionPart(part, Number(event.target.value))}
                className="w-24 rounded border border-slate-300 dark:border-slate-600 px-1 py-0.5"
              />
              s
            </label>
          ))}
          <button type="button" onClick={() => setSelection({ start: 0, end: duration })} className={button}>
            Select all
          </button>
          <button type="button" onClick={() => setSelection(null)} disabled={!selection} className={button}>
            Clear selection
          </button>
          <span className="text-xs text-slate-500 dark:text-slate-400">Edits apply to the selection, or to the whole sound when nothing is selected.</span>
        </div>
      </div>
      <div className="flex items-center justify-between gap-3 border-t border-slate-200 dark:border-slate-700 px-3 py-1 text-xs text-slate-700 dark:text-slate-300">
        <p role="status" className="min-w-0 truncate">
          {notice}
        </p>
        <p className="shrink-0 tabular-nums" data-testid="sound-info">
          {seconds(time)} / {seconds(duration)} · {present.sampleRate} Hz · {channels === 1 ? 'mono' : channels === 2 ? 'stereo' : `${channels} channels`} ·{' '}
          {clipFrames(present)} samples{range ? ` · selection ${seconds((range.end - range.start) / present.sampleRate)}` : ''}
        </p>
      </div>
    </section>
  );
}
