import { extensionOf } from '@/lib/code/file-kinds';

/** The sound files the Sounds editor lists. Edits are always written as WAV (see lib/sounds/wav.ts). */
export const SOUND_EXTENSIONS = ['wav', 'mp3', 'ogg'] as const;

/** The editor writes only WAV files: MP3 and OGG edits are saved as a WAV copy. */
export const WRITABLE_SOUND_EXTENSIONS = ['wav'] as const;

export const isWavPath = (path: string) => extensionOf(path) === 'wav';

/** Recordings stop by themselves after this long (a minute of 16-bit stereo at 48 kHz is about 11 MB). */
export const MAX_RECORDING_SECONDS = 30;
