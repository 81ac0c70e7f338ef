import type { AudioClip } from './clip';

/**
 * A small sound-effect synthesizer in the spirit of sfxr: one oscillator whose pitch slides,
 * wobbles (vibrato) or jumps (arpeggio), shaped by an attack / sustain (+ punch) / decay envelope.
 * Presets pick parameters at random within a character's ranges from a seed, so "another one"
 * is one click and the same seed always gives the same sound.
 */
export type Waveform = 'square' | 'sawtooth' | 'sine' | 'noise';

export interface EffectParams {
  waveform: Waveform;
  /** Starting pitch in Hz (for noise: how fast the noise changes). */
  frequency: number;
  /** Pitch change in octaves per second (negative: falling). */
  slide: number;
  /** The sound ends early once a falling pitch passes below this (Hz). */
  minFrequency: number;
  /** Square waves: the fraction of each period spent high. */
  duty: number;
  vibratoDepth: number;
  vibratoSpeed: number;
  /** After `arpeggioTime` seconds the pitch is multiplied by this (1: no jump). */
  arpeggioMultiplier: number;
  arpeggioTime: number;
  /** Envelope, in seconds. */
  attack: number;
  sustain: number;
  decay: number;
  /** Extra loudness at the start of the sustain, fading over it (0–1). */
  punch: number;
  volume: number;
}

export const EFFECT_PRESETS = ['jump', 'coin', 'laser', 'explosion'] as const;
export type EffectPreset = (typeof EFFECT_PRESETS)[number];

export const EFFECT_SAMPLE_RATE = 44_100;

/** A small fast PRNG (mulberry32): the same seed gives the same sequence everywhere. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const base: EffectParams = {
  waveform: 'square',
  frequency: 440,
  slide: 0,
  minFrequency: 20,
  duty: 0.5,
  vibratoDepth: 0,
  vibratoSpeed: 0,
  arpeggioMultiplier: 1,
  arpeggioTime: 0,
  attack: 0,
  sustain: 0.1,
  decay: 0.2,
  punch: 0,
  volume: 0.5,
};

export function presetParams(preset: EffectPreset, seed: number): EffectParams {
  const random = seededRandom(seed);
  const between = (low: number, high: number) => low + (high - low) * random();
  const pick = <T>(options: readonly T[]): T => options[Math.floor(random() * options.length)]!;
  switch (preset) {
    case 'jump':
      return { ...base, waveform: 'square', duty: between(0.2, 0.5), frequency: between(250, 500), slide: between(1.5, 3), sustain: between(0.05, 0.12), decay: between(0.1, 0.25) };
    case 'coin':
      return {
        ...base,
        waveform: pick(['square', 'sawtooth'] as const),
        frequency: between(800, 1400),
        arpeggioMultiplier: between(1.3, 1.6),
        arpeggioTime: between(0.04, 0.09),
        sustain: between(0.04, 0.1),
        decay: between(0.15, 0.3),
        punch: between(0.3, 0.6),
      };
    case 'laser':
      return {
        ...base,
        waveform: pick(['square', 'sawtooth', 'sine'] as const),
        duty: between(0.2, 0.5),
        frequency: between(900, 2000),
        slide: -between(3, 6),
        minFrequency: 80,
        vibratoDepth: random() < 0.5 ? between(0.02, 0.1) : 0,
        vibratoSpeed: between(10, 30),
        sustain: between(0.05, 0.15),
        decay: between(0.05, 0.2),
      };
    case 'explosion':
      return {
        ...base,
        waveform: 'noise',
        frequency: between(60, 200),
        slide: -between(0.5, 1.5),
        sustain: between(0.1, 0.3),
        decay: between(0.3, 0.6),
        punch: between(0.3, 0.7),
        volume: 0.6,
      };
  }
}

/** Renders an effect as a mono clip. */
export function synthesize(params: EffectParams, sampleRate = EFFECT_SAMPLE_RATE, seed = 1): AudioClip {
  const random = seededRandom(seed);
  const noise = Float32Array.from({ length: 32 }, () => random() * 2 - 1);
  const total = Math.round((params.attack + params.sustain + params.decay) * sampleRate);
  const samples = new Float32Array(total);
  let phase = 0;
  let length = total;
  for (let i = 0; i < total; i++) {
    const t = i / sampleRate;
    let frequency = params.frequency * 2 ** (params.slide * t);
    if (params.slide < 0 && frequency < params.minFrequency) {
      length = i;
      break;
    }
    if (params.arpeggioMultiplier !== 1 && t >= params.arpeggioTime) frequency *= params.arpeggioMultiplier;
    if (params.vibratoDepth > 0) frequency *= 1 + params.vibratoDepth * Math.sin(2 * Math.PI * params.vibratoSpeed * t);
    phase = (phase + frequency / sampleRate) % 1;
    // The noise table is refilled once per period, so the noise's colour follows the pitch.
    if (params.waveform === 'noise' && phase < frequency / sampleRate) for (let n = 0; n < noise.length; n++) noise[n] = random() * 2 - 1;
    const wave =
      params.waveform === 'square'
        ? phase < params.duty
          ? 1
          : -1
        : params.waveform === 'sawtooth'
          ? 1 - 2 * phase
          : params.waveform === 'sine'
            ? Math.sin(2 * Math.PI * phase)
            : noise[Math.floor(phase * noise.length)]!;
    samples[i] = Math.max(-1, Math.min(1, wave * envelope(params, t) * params.volume));
  }
  return { sampleRate, channels: [samples.slice(0, length)] };
}

function envelope({ attack, sustain, decay, punch }: EffectParams, t: number): number {
  if (t < attack) return t / attack;
  if (t < attack + sustain) return 1 + punch * (1 - (t - attack) / sustain);
  return Math.max(0, 1 - (t - attack - sustain) / decay);
}
