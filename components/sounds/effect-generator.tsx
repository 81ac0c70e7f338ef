'use client';

import type { AudioClip } from '@/lib/sounds/clip';
import { EFFECT_PRESETS, type EffectPreset, EFFECT_SAMPLE_RATE, presetParams, synthesize } from '@/lib/sounds/effects';

const labels: Record<EffectPreset, string> = { jump: 'Jump', coin: 'Coin', laser: 'Laser', explosion: 'Explosion' };

/** One click, one new effect of a kind (a fresh random variation each time). */
export function EffectGenerator({ onGenerated }: { onGenerated: (clip: AudioClip, preset: EffectPreset) => void }) {
  return (
    <div role="group" aria-label="Generate a sound effect" className="flex flex-wrap items-center gap-1">
      <span className="text-xs text-slate-600 dark:text-slate-400">Generate:</span>
      {EFFECT_PRESETS.map((preset) => (
        <button
          key={preset}
          type="button"
          onClick={() => {
            const seed = Math.floor(Math.random() * 2 ** 31);
            onGenerated(synthesize(presetParams(preset, seed), EFFECT_SAMPLE_RATE, seed), preset);
          }}
          className="rounded-md border border-slate-300 dark:border-slate-600 px-2 py-0.5 text-xs hover:bg-slate-50 dark:hover:bg-slate-900"
        >
          {labels[preset]}
        </button>
      ))}
    </div>
  );
}
