'use client';

import { useEffect, useRef, useState } from 'react';
import type { AudioClip } from '@/lib/sounds/clip';
import { decodeWithWebAudio } from '@/lib/sounds/decode';
import { MAX_RECORDING_SECONDS } from '@/lib/sounds/formats';

type State = { state: 'idle' } | { state: 'starting' } | { state: 'recording'; startedAt: number } | { state: 'decoding' };

function microphoneProblem(error: unknown): string {
  const name = error instanceof DOMException ? error.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'Recording is not available: the browser was not allowed to use the microphone.';
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'Recording is not available: no microphone was found.';
  if (name === 'NotReadableError') return 'Recording is not available: the microphone is in use by another program.';
  return 'Recording is not available: the microphone could not be opened.';
}

/** Records from the microphone (MediaRecorder), then decodes the recording into samples for the editor. */
export function Recorder({ onRecorded, onProblem }: { onRecorded: (clip: AudioClip) => void; onProblem: (message: string) => void }) {
  const [state, setState] = useState<State>({ state: 'idle' });
  const [now, setNow] = useState(0);
  const recorder = useRef<MediaRecorder | null>(null);

  useEffect(() => {
    if (state.state !== 'recording') return;
    const tick = setInterval(() => setNow(Date.now()), 200);
    const limit = setTimeout(() => recorder.current?.stop(), MAX_RECORDING_SECONDS * 1000);
    return () => {
      clearInterval(tick);
      clearTimeout(limit);
    };
  }, [state]);

  useEffect(() => () => recorder.current?.stream.getTracks().forEach((track) => track.stop()), []);

  const start = async () => {
    if (!navigator.mediaDevices?.getUserMedia || typeof MediaRecorder === 'undefined') {
      onProblem('Recording is not available in this browser.');
      return;
    }
    setState({ state: 'starting' });
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    } catch (error) {
      setState({ state: 'idle' });
      onProblem(microphoneProblem(error));
      return;
    }
    const chunks: Blob[] = [];
    const media = new MediaRecorder(stream);
    recorder.current = media;
    media.ondataavailable = (event) => chunks.push(event.data);
    media.onstop = () => {
      stream.getTracks().forEach((track) => track.stop());
      recorder.current = null;
      setState({ state: 'decoding' });
      void new Blob(chunks, { type: media.mimeType })
        .arrayBuffer()
        .then(decodeWithWebAudio)
        .then(onRecorded, (error: unknown) => onProblem(`The recording could not be decoded: ${error instanceof Error ? error.message : 'unknown error'}`))
        .finally(() => setState({ state: 'idle' }));
    };
    media.start();
    const startedAt = Date.now();
    setNow(startedAt);
    setState({ state: 'recording', startedAt });
  };

  if (state.state === 'recording') {
    return (
      <button type="button" onClick={() => recorder.current?.stop()} className="flex items-center gap-2 rounded-md bg-red-600 px-3 py-1 text-sm font-medium text-white hover:bg-red-700">
        <span aria-hidden className="h-2 w-2 animate-pulse rounded-full bg-white dark:bg-slate-950" />
        Stop recording ({((now - state.startedAt) / 1000).toFixed(1)} s)
      </button>
    );
  }
  return (
    <button
      type="button"
      onClick={() => void start()}
      disabled={state.state !== 'idle'}
      className="rounded-md border border-slate-300 dark:border-slate-600 px-3 py-1 text-sm font-medium hover:bg-slate-50 dark:hover:bg-slate-900 disabled:opacity-50"
    >
      {state.state === 'starting' ? 'Opening microphone…' : state.state === 'decoding' ? 'Decoding…' : 'Record'}
    </button>
  );
}
