import type { AudioClip } from './clip';
import { isWavPath } from './formats';
import { decodeWav, WavError } from './wav';

/**
 * The browser's side of the sound editor: file bytes to PCM. WAV files are read here, sample for
 * sample at their own rate; MP3, OGG and recordings go through Web Audio's decodeAudioData, which
 * resamples them to the audio device's rate.
 */
export class SoundDecodeError extends Error {}

function audioBufferToClip(buffer: AudioBuffer): AudioClip {
  return { sampleRate: buffer.sampleRate, channels: Array.from({ length: buffer.numberOfChannels }, (_, channel) => new Float32Array(buffer.getChannelData(channel))) };
}

export async function decodeWithWebAudio(bytes: ArrayBuffer): Promise<AudioClip> {
  if (typeof AudioContext === 'undefined') throw new SoundDecodeError('This browser has no Web Audio support, so it cannot decode this sound.');
  const context = new AudioContext();
  try {
    return audioBufferToClip(await context.decodeAudioData(bytes));
  } catch {
    throw new SoundDecodeError('This browser could not decode the sound; the file may be damaged or in a format it does not support.');
  } finally {
    void context.close();
  }
}

export async function decodeSound(bytes: Uint8Array<ArrayBuffer>, path: string): Promise<AudioClip> {
  if (!isWavPath(path)) return decodeWithWebAudio(bytes.slice().buffer);
  try {
    return decodeWav(bytes);
  } catch (error) {
    // Compressed WAV variants (ADPCM, µ-law…) may still be something the browser can decode.
    if (error instanceof WavError) return decodeWithWebAudio(bytes.slice().buffer).catch(() => Promise.reject(new SoundDecodeError(error.message)));
    throw error;
  }
}
