/**
 * Edits of the sound editor on decoded PCM: one Float32Array of samples in [-1, 1] per channel,
 * as Web Audio's AudioBuffer holds them. Every edit returns a new clip and leaves its input alone
 * (the editor keeps old clips as undo steps). A range is a half-open span of sample frames.
 */
export interface AudioClip {
  readonly sampleRate: number;
  readonly channels: readonly Float32Array[];
}

export interface SampleRange {
  start: number;
  end: number;
}

export const clipFrames = (clip: AudioClip) => clip.channels[0]?.length ?? 0;
export const clipSeconds = (clip: AudioClip) => clipFrames(clip) / clip.sampleRate;
export const clipBytes = (clip: AudioClip) => clip.channels.reduce((total, channel) => total + channel.byteLength, 0);
export const wholeClip = (clip: AudioClip): SampleRange => ({ start: 0, end: clipFrames(clip) });

/** The frames between two times in seconds (in either order), clamped to the clip; null when that is empty. */
export function rangeOfSeconds(clip: AudioClip, from: number, to: number): SampleRange | null {
  const clamp = (seconds: number) => Math.min(clipFrames(clip), Math.max(0, Math.round(seconds * clip.sampleRate)));
  const start = clamp(Math.min(from, to));
  const end = clamp(Math.max(from, to));
  return end > start ? { start, end } : null;
}

function mapChannels(clip: AudioClip, edit: (samples: Float32Array) => Float32Array): AudioClip {
  return { sampleRate: clip.sampleRate, channels: clip.channels.map(edit) };
}

/** Applies `gainAt(offset, length)` to every sample of `range`; the rest is copied. */
function shape(clip: AudioClip, range: SampleRange, gainAt: (offset: number, length: number) => number): AudioClip {
  const length = range.end - range.start;
  return mapChannels(clip, (samples) => {
    const out = new Float32Array(samples);
    for (let i = range.start; i < range.end; i++) out[i] = samples[i]! * gainAt(i - range.start, length);
    return out;
  });
}

/** Keeps only `range`. */
export function trimTo(clip: AudioClip, range: SampleRange): AudioClip {
  return mapChannels(clip, (samples) => samples.slice(range.start, range.end));
}

/** Removes `range`, joining what was before and after it. */
export function deleteRange(clip: AudioClip, range: SampleRange): AudioClip {
  return mapChannels(clip, (samples) => {
    const out = new Float32Array(samples.length - (range.end - range.start));
    out.set(samples.subarray(0, range.start));
    out.set(samples.subarray(range.end), range.start);
    return out;
  });
}

/** A linear rise from silence over `range`. */
export function fadeIn(clip: AudioClip, range: SampleRange): AudioClip {
  return shape(clip, range, (offset, length) => offset / length);
}

/** A linear fall to silence over `range`. */
export function fadeOut(clip: AudioClip, range: SampleRange): AudioClip {
  return shape(clip, range, (offset, length) => (length - 1 - offset) / length);
}

export function applyGain(clip: AudioClip, range: SampleRange, decibels: number): AudioClip {
  const factor = 10 ** (decibels / 20);
  return shape(clip, range, () => factor);
}

/** The largest absolute sample in `range` over all channels. */
export function peakOf(clip: AudioClip, range: SampleRange): number {
  let peak = 0;
  for (const samples of clip.channels) for (let i = range.start; i < range.end; i++) peak = Math.max(peak, Math.abs(samples[i]!));
  return peak;
}

/** Scales `range` so its loudest sample reaches `target` (full scale by default); silence stays silent. */
export function normalize(clip: AudioClip, range: SampleRange, target = 1): AudioClip {
  const peak = peakOf(clip, range);
  if (peak === 0) return clip;
  const factor = target / peak;
  return shape(clip, range, () => factor);
}

/** Plays `range` backwards. */
export function reverse(clip: AudioClip, range: SampleRange): AudioClip {
  return mapChannels(clip, (samples) => {
    const out = new Float32Array(samples);
    out.subarray(range.start, range.end).reverse();
    return out;
  });
}
