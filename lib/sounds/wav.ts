import type { AudioClip } from './clip';

/**
 * WAV files: 16-bit PCM out (what every game engine reads), and in: PCM of 8, 16, 24 or 32 bits
 * and 32/64-bit float, plain or WAVE_FORMAT_EXTENSIBLE. Integer samples map to [-1, 1] with
 * separate scales for the negative and positive halves, so decoding and re-encoding 16-bit
 * audio gives back exactly the same samples.
 */
export class WavError extends Error {}

const PCM = 1;
const IEEE_FLOAT = 3;
const EXTENSIBLE = 0xfffe;

export function encodeWav(clip: AudioClip): Uint8Array<ArrayBuffer> {
  const channelCount = clip.channels.length;
  if (channelCount === 0) throw new WavError('A WAV file needs at least one channel.');
  const frames = clip.channels[0]!.length;
  const dataBytes = frames * channelCount * 2;
  const bytes = new Uint8Array(44 + dataBytes);
  const view = new DataView(bytes.buffer);
  const ascii = (offset: number, text: string) => [...text].forEach((ch, i) => view.setUint8(offset + i, ch.charCodeAt(0)));
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + dataBytes, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, PCM, true);
  view.setUint16(22, channelCount, true);
  view.setUint32(24, clip.sampleRate, true);
  view.setUint32(28, clip.sampleRate * channelCount * 2, true);
  view.setUint16(32, channelCount * 2, true);
  view.setUint16(34, 16, true);
  ascii(36, 'data');
  view.setUint32(40, dataBytes, true);
  let offset = 44;
  for (let frame = 0; frame < frames; frame++) {
    for (const samples of clip.channels) {
      const sample = Math.max(-1, Math.min(1, samples[frame] ?? 0));
      view.setInt16(offset, Math.round(sample < 0 ? sample * 0x8000 : sample * 0x7fff), true);
      offset += 2;
    }
  }
  return bytes;
}

interface Format {
  encoding: typeof PCM | typeof IEEE_FLOAT;
  channelCount: number;
  sampleRate: number;
  bitsPerSample: number;
}

function readFormat(view: DataView, offset: number, size: number): Format {
  if (size < 16) throw new WavError('The WAV format chunk is too short.');
  let encoding = view.getUint16(offset, true);
  const channelCount = view.getUint16(offset + 2, true);
  const sampleRate = view.getUint32(offset + 4, true);
  const bitsPerSample = view.getUint16(offset + 14, true);
  // WAVE_FORMAT_EXTENSIBLE names the real encoding in the first two bytes of its sub-format GUID.
  if (encoding === EXTENSIBLE && size >= 40) encoding = view.getUint16(offset + 24, true);
  if (encoding !== PCM && encoding !== IEEE_FLOAT) throw new WavError(`This WAV file is compressed (format ${encoding}); only PCM and float WAV files can be opened.`);
  if (channelCount < 1) throw new WavError('This WAV file has no channels.');
  if (sampleRate < 1) throw new WavError('This WAV file has no sample rate.');
  const supported = encoding === PCM ? [8, 16, 24, 32] : [32, 64];
  if (!supported.includes(bitsPerSample)) throw new WavError(`${bitsPerSample}-bit ${encoding === PCM ? 'PCM' : 'float'} WAV files are not supported.`);
  return { encoding, channelCount, sampleRate, bitsPerSample };
}

function sampleReader({ encoding, bitsPerSample }: Format, view: DataView): (offset: number) => number {
  const signed = (value: number, half: number) => (value < 0 ? value / half : value / (half - 1));
  if (encoding === IEEE_FLOAT) return bitsPerSample === 32 ? (o) => view.getFloat32(o, true) : (o) => view.getFloat64(o, true);
  switch (bitsPerSample) {
    case 8:
      return (o) => signed(view.getUint8(o) - 128, 128);
    case 16:
      return (o) => signed(view.getInt16(o, true), 0x8000);
    case 24:
      return (o) => signed(((view.getUint8(o + 2) << 24) | (view.getUint8(o + 1) << 16) | (view.getUint8(o) << 8)) >> 8, 0x800000);
    default:
      return (o) => signed(view.getInt32(o, true), 0x80000000);
  }
}

export function decodeWav(bytes: Uint8Array): AudioClip {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (offset: number) => String.fromCharCode(...bytes.subarray(offset, offset + 4));
  if (bytes.length < 12 || tag(0) !== 'RIFF' || tag(8) !== 'WAVE') throw new WavError('This is not a WAV file.');
  let format: Format | null = null;
  let data: { offset: number; size: number } | null = null;
  // Chunks are word-aligned: an odd-sized chunk is followed by a pad byte.
  for (let offset = 12; offset + 8 <= bytes.length; ) {
    const id = tag(offset);
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (id === 'fmt ') format = readFormat(view, body, Math.min(size, bytes.length - body));
    if (id === 'data') data = { offset: body, size: Math.min(size, bytes.length - body) };
    offset = body + size + (size % 2);
  }
  if (!format) throw new WavError('This WAV file has no format chunk.');
  if (!data) throw new WavError('This WAV file has no audio data.');
  const frameBytes = (format.bitsPerSample / 8) * format.channelCount;
  const frames = Math.floor(data.size / frameBytes);
  const read = sampleReader(format, view);
  const channels = Array.from({ length: format.channelCount }, () => new Float32Array(frames));
  for (let frame = 0; frame < frames; frame++) {
    channels.forEach((samples, channel) => {
      samples[frame] = read(data.offset + frame * frameBytes + (channel * format.bitsPerSample) / 8);
    });
  }
  return { sampleRate: format.sampleRate, channels };
}
