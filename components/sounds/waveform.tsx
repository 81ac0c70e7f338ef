'use client';

import { type Ref, useEffect, useImperativeHandle, useRef, useState } from 'react';
import WaveSurfer from 'wavesurfer.js';
import RegionsPlugin, { type Region } from 'wavesurfer.js/dist/plugins/regions.esm.js';
import { readCanvasColors, useCanvasColors } from '@/components/theme/use-canvas-colors';

export interface Selection {
  start: number;
  end: number;
}

export interface WaveformHandle {
  playPause: () => void;
  /** Plays the selection once. */
  playSelection: () => void;
  stop: () => void;
}

const SAME = 1e-4;
// Drawn as elements, not on the canvas: the theme's variables apply by themselves.
const REGION_COLOR = 'var(--canvas-region)';

/**
 * wavesurfer.js showing a WAV blob: click to seek, drag to select (the regions plugin, one region
 * at a time), zoom in pixels per second. The selection is controlled by the editor: dragging
 * reports it, and a selection typed in elsewhere moves the region.
 */
export function Waveform({
  ref,
  blob,
  label,
  selection,
  zoom,
  onSelection,
  onReady,
  onTime,
  onPlaying,
  onError,
}: {
  ref?: Ref<WaveformHandle>;
  blob: Blob;
  label: string;
  selection: Selection | null;
  zoom: number;
  onSelection: (selection: Selection | null) => void;
  onReady: (duration: number) => void;
  onTime: (seconds: number) => void;
  onPlaying: (playing: boolean) => void;
  onError: (message: string) => void;
}) {
  const container = useRef<HTMLDivElement>(null);
  /** The blob whose waveform is drawn (the one shown may still be loading). */
  const [drawn, setDrawn] = useState<Blob | null>(null);
  const loadingBlob = useRef(blob);
  const surfer = useRef<{ ws: WaveSurfer; regions: InstanceType<typeof RegionsPlugin>; ready: boolean } | null>(null);
  const callbacks = useRef({ onSelection, onReady, onTime, onPlaying, onError });
  const latest = useRef({ selection, zoom });
  const colors = useCanvasColors();
  useEffect(() => {
    callbacks.current = { onSelection, onReady, onTime, onPlaying, onError };
    latest.current = { selection, zoom };
    loadingBlob.current = blob;
  });

  useEffect(() => {
    if (!container.current) return;
    const regions = RegionsPlugin.create();
    const { wave, waveProgress } = readCanvasColors();
    const ws = WaveSurfer.create({
      container: container.current,
      height: 160,
      waveColor: wave,
      progressColor: waveProgress,
      cursorColor: 'var(--canvas-cursor)',
      normalize: false,
      plugins: [regions],
    });
    const state = { ws, regions, ready: false };
    surfer.current = state;
    regions.enableDragSelection({ color: REGION_COLOR });
    const report = (region: Region) => callbacks.current.onSelection({ start: region.start, end: region.end });
    regions.on('region-created', (region: Region) => {
      for (const other of regions.getRegions()) if (other !== region) other.remove();
      report(region);
    });
    regions.on('region-updated', report);
    ws.on('ready', (duration) => {
      state.ready = true;
      ws.zoom(latest.current.zoom);
      const current = latest.current.selection;
      if (current) regions.addRegion({ start: current.start, end: current.end, color: REGION_COLOR });
      setDrawn(loadingBlob.current);
      callbacks.current.onReady(duration);
    });
    ws.on('timeupdate', (time) => callbacks.current.onTime(time));
    ws.on('play', () => callbacks.current.onPlaying(true));
    ws.on('pause', () => callbacks.current.onPlaying(false));
    ws.on('finish', () => callbacks.current.onPlaying(false));
    ws.on('error', (error) => callbacks.current.onError(error.message));
    return () => {
      surfer.current = null;
      ws.destroy();
    };
  }, []);

  useEffect(() => {
    const state = surfer.current;
    if (!state) return;
    state.ready = false;
    state.regions.clearRegions();
    state.ws.loadBlob(blob).catch((error: unknown) => {
      // A newer load replacing this one is not a failure.
      if (!(error instanceof DOMException && error.name === 'AbortError')) callbacks.current.onError(error instanceof Error ? error.message : 'The waveform could not be drawn.');
    });
  }, [blob]);

  useEffect(() => {
    const state = surfer.current;
    if (state?.ready) state.ws.zoom(zoom);
  }, [zoom]);

  // A new theme: the waveform is drawn again in its colours.
  useEffect(() => {
    if (colors) surfer.current?.ws.setOptions({ waveColor: colors.wave, progressColor: colors.waveProgress });
  }, [colors]);

  useEffect(() => {
    const state = surfer.current;
    if (!state?.ready) return;
    const [region] = state.regions.getRegions();
    if (!selection) {
      state.regions.clearRegions();
    } else if (!region) {
      state.regions.addRegion({ start: selection.start, end: selection.end, color: REGION_COLOR });
    } else if (Math.abs(region.start - selection.start) > SAME || Math.abs(region.end - selection.end) > SAME) {
      region.setOptions({ start: selection.start, end: selection.end });
    }
  }, [selection]);

  useImperativeHandle(ref, () => ({
    playPause: () => void surfer.current?.ws.playPause(),
    playSelection: () => {
      const current = latest.current.selection;
      if (current) void surfer.current?.ws.play(current.start, current.end);
    },
    stop: () => surfer.current?.ws.stop(),
  }));

  return <div ref={container} role="img" aria-label={label} aria-busy={drawn !== blob} className="w-full rounded bg-[var(--canvas-surface)]" />;
}
