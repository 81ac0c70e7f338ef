import { describe, expect, it } from 'vitest';
import {
  applyGain,
  type AudioClip,
  clipFrames,
  clipSeconds,
  deleteRange,
  fadeIn,
  fadeOut,
  normalize,
  peakOf,
  rangeOfSeconds,
  reverse,
  trimTo,
  wholeClip,
} from '@/lib/sounds/clip';
import { EFFECT_PRESETS, presetParams, seededRandom, synthesize } from '@/lib/sounds/effects';

const clip = (...channels: number[][]): AudioClip => ({ sampleRate: 10, channels: channels.map((samples) => Float32Array.from(samples)) });
const values = (result: AudioClip) => result.channels.map((samples) => [...samples].map((s) => Math.round(s * 1000) / 1000));

describe('clip edits', () => {
  const stereo = clip([0.1, 0.2, 0.3, 0.4, 0.5], [-0.1, -0.2, -0.3, -0.4, -0.5]);

  it('converts a selection in seconds to frames, in either order, clamped; an empty one is null', () => {
    expect(rangeOfSeconds(stereo, 0.35, 0.1)).toEqual({ start: 1, end: 4 });
    expect(rangeOfSeconds(stereo, -1, 9)).toEqual({ start: 0, end: 5 });
    expect(rangeOfSeconds(stereo, 0.2, 0.2)).toBeNull();
    expect([clipFrames(stereo), clipSeconds(stereo)]).toEqual([5, 0.5]);
  });

  it('trims to a selection and deletes a selection, on every channel', () => {
    expect(values(trimTo(stereo, { start: 1, end: 3 }))).toEqual([[0.2, 0.3], [-0.2, -0.3]]);
    expect(values(deleteRange(stereo, { start: 1, end: 3 }))).toEqual([[0.1, 0.4, 0.5], [-0.1, -0.4, -0.5]]);
    expect(values(stereo)).toEqual([[0.1, 0.2, 0.3, 0.4, 0.5], [-0.1, -0.2, -0.3, -0.4, -0.5]]);
  });

  it('fades in from silence and out to silence over the selection only', () => {
    const ones = clip([1, 1, 1, 1, 1, 1]);
    expect(values(fadeIn(ones, { start: 0, end: 4 }))).toEqual([[0, 0.25, 0.5, 0.75, 1, 1]]);
    expect(values(fadeOut(ones, { start: 2, end: 6 }))).toEqual([[1, 1, 0.75, 0.5, 0.25, 0]]);
  });

  it('normalizes the loudest sample to full scale, leaves silence alone, and applies gain in decibels', () => {
    const quiet = clip([0.1, -0.25, 0.2]);
    const loud = normalize(quiet, wholeClip(quiet));
    expect(values(loud)).toEqual([[0.4, -1, 0.8]]);
    expect(peakOf(loud, wholeClip(loud))).toBe(1);
    const silent = clip([0, 0]);
    expect(normalize(silent, wholeClip(silent))).toBe(silent);
    expect(values(applyGain(quiet, { start: 1, end: 3 }, -6.0206))).toEqual([[0.1, -0.125, 0.1]]);
  });

  it('reverses the selection in place', () => {
    expect(values(reverse(stereo, { start: 1, end: 4 }))).toEqual([[0.1, 0.4, 0.3, 0.2, 0.5], [-0.1, -0.4, -0.3, -0.2, -0.5]]);
    expect(values(reverse(stereo, wholeClip(stereo)))[0]).toEqual([0.5, 0.4, 0.3, 0.2, 0.1]);
  });
});

describe('effect generator', () => {
  it('is deterministic per seed and varies between seeds', () => {
    expect(seededRandom(7)()).toBe(seededRandom(7)());
    expect(presetParams('coin', 3)).toEqual(presetParams('coin', 3));
    expect(presetParams('coin', 3)).not.toEqual(presetParams('coin', 4));
    expect(synthesize(presetParams('laser', 5), 44_100, 5).channels[0]).toEqual(synthesize(presetParams('laser', 5), 44_100, 5).channels[0]);
  });

  for (const preset of EFFECT_PRESETS) {
    it(`renders the ${preset} preset: mono, within [-1, 1], audible, and as long as its envelope (or until its pitch falls away)`, () => {
      const params = presetParams(preset, 42);
      const sound = synthesize(params, 44_100, 42);
      expect(sound.channels).toHaveLength(1);
      const samples = sound.channels[0]!;
      const envelopeFrames = Math.round((params.attack + params.sustain + params.decay) * 44_100);
      if (preset === 'laser') expect(samples.length).toBeLessThanOrEqual(envelopeFrames);
      else expect(samples.length).toBe(envelopeFrames);
      expect(samples.length).toBeGreaterThan(44_100 * 0.05);
      expect(Math.max(...samples.map(Math.abs))).toBeLessThanOrEqual(1);
      expect(peakOf(sound, wholeClip(sound))).toBeGreaterThan(0.2);
    });
  }

  it('makes a jump rise in pitch and a laser fall', () => {
    /** Zero crossings per frame in a window: a rough pitch. */
    const crossings = (samples: Float32Array, from: number, to: number) => {
      let count = 0;
      for (let i = from + 1; i < to; i++) if (Math.sign(samples[i]!) !== Math.sign(samples[i - 1]!)) count++;
      return count / (to - from);
    };
    const jump = synthesize(presetParams('jump', 1), 44_100, 1).channels[0]!;
    expect(crossings(jump, jump.length - 2000, jump.length - 200)).toBeGreaterThan(crossings(jump, 0, 1800) * 1.5);
    const laser = synthesize(presetParams('laser', 1), 44_100, 1).channels[0]!;
    expect(crossings(laser, 0, 1800)).toBeGreaterThan(crossings(laser, laser.length - 2000, laser.length - 200) * 1.5);
  });
});
