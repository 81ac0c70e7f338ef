import { describe, expect, it } from 'vitest';
import { encodeWav as emulatorEncodeWav } from '@/emulators/github/media';
import { decodeWav, encodeWav, WavError } from '@/lib/sounds/wav';

/** A WAV file with a given fmt chunk body and data bytes, plus optional extra chunks before the data. */
function wavFile(fmt: number[], data: number[], extra: Uint8Array = new Uint8Array()): Uint8Array {
  const fmtBytes = Uint8Array.from(fmt);
  const dataBytes = Uint8Array.from(data);
  const chunks: Uint8Array[] = [];
  const chunk = (id: string, body: Uint8Array) => {
    const head = new Uint8Array(8);
    head.set([...id].map((c) => c.charCodeAt(0)));
    new DataView(head.buffer).setUint32(4, body.length, true);
    chunks.push(head, body, ...(body.length % 2 ? [new Uint8Array(1)] : []));
  };
  chunk('fmt ', fmtBytes);
  if (extra.length) chunk('LIST', extra);
  chunk('data', dataBytes);
  const size = chunks.reduce((total, c) => total + c.length, 4);
  const out = new Uint8Array(8 + size);
  out.set([...'RIFF'].map((c) => c.charCodeAt(0)));
  new DataView(out.buffer).setUint32(4, size, true);
  out.set([...'WAVE'].map((c) => c.charCodeAt(0)), 8);
  let offset = 12;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}

const le16 = (n: number) => [n & 255, (n >> 8) & 255];
const le32 = (n: number) => [n & 255, (n >> 8) & 255, (n >> 16) & 255, (n >>> 24) & 255];
const fmt = (encoding: number, channels: number, rate: number, bits: number) => [
  ...le16(encoding),
  ...le16(channels),
  ...le32(rate),
  ...le32((rate * channels * bits) / 8),
  ...le16((channels * bits) / 8),
  ...le16(bits),
];

describe('WAV', () => {
  it('writes a canonical 16-bit PCM file: header fields and interleaved samples', () => {
    const bytes = encodeWav({ sampleRate: 8000, channels: [Float32Array.from([0, 1, -1]), Float32Array.from([0.5, -0.5, 2])] });
    const view = new DataView(bytes.buffer);
    expect(String.fromCharCode(...bytes.subarray(0, 4), ...bytes.subarray(8, 16), ...bytes.subarray(36, 40))).toBe('RIFFWAVEfmt data');
    expect([view.getUint32(4, true), view.getUint16(20, true), view.getUint16(22, true), view.getUint32(24, true)]).toEqual([36 + 12, 1, 2, 8000]);
    expect([view.getUint32(28, true), view.getUint16(32, true), view.getUint16(34, true), view.getUint32(40, true)]).toEqual([32000, 4, 16, 12]);
    const samples = Array.from({ length: 6 }, (_, i) => view.getInt16(44 + i * 2, true));
    expect(samples).toEqual([0, 16384, 32767, -16384, -32768, 32767]);
  });

  it('round-trips 16-bit samples exactly, including the extremes', () => {
    const ints = [-32768, -32767, -1, 0, 1, 12345, 32767];
    const original = wavFile(fmt(1, 1, 22050, 16), ints.flatMap(le16));
    const decoded = decodeWav(original);
    expect(decoded.sampleRate).toBe(22050);
    expect(decoded.channels[0]![0]).toBe(-1);
    expect(decoded.channels[0]![6]).toBe(1);
    expect([...encodeWav(decoded).subarray(44)]).toEqual(ints.flatMap(le16));
  });

  it('reads 8-, 24- and 32-bit PCM, 32-bit float and WAVE_FORMAT_EXTENSIBLE, skipping other chunks', () => {
    expect([...decodeWav(wavFile(fmt(1, 1, 8000, 8), [0, 128, 255])).channels[0]!]).toEqual([-1, 0, 1]);
    const pcm24 = decodeWav(wavFile(fmt(1, 1, 8000, 24), [0, 0, 0x80, 0xff, 0xff, 0x7f], Uint8Array.from([1, 2, 3])));
    expect([...pcm24.channels[0]!]).toEqual([-1, 1]);
    expect([...decodeWav(wavFile(fmt(1, 1, 8000, 32), [...le32(0x80000000), ...le32(0x7fffffff)])).channels[0]!]).toEqual([-1, 1]);
    const float = new Uint8Array(new Float32Array([0.25, -0.75]).buffer);
    expect([...decodeWav(wavFile(fmt(3, 1, 8000, 32), [...float])).channels[0]!]).toEqual([0.25, -0.75]);
    const extensible = [...fmt(0xfffe, 2, 48000, 16), ...le16(22), ...le16(16), ...le32(3), ...le16(1), ...new Array(14).fill(0)];
    const stereo = decodeWav(wavFile(extensible, [...le16(32767), ...le16(0x8000)]));
    expect(stereo.channels.map((c) => [...c])).toEqual([[1], [-1]]);
  });

  it('reads the sample repository’s sounds as written by the GitHub emulator', () => {
    const samples = Float32Array.from([0, 0.5, -0.5, 0.25]);
    const decoded = decodeWav(new Uint8Array(emulatorEncodeWav(samples, 22050)));
    expect(decoded.sampleRate).toBe(22050);
    expect([...decoded.channels[0]!].map((s) => Math.round(s * 1e4) / 1e4)).toEqual([0, 0.5, -0.5, 0.25]);
  });

  it('says clearly what is wrong with files it cannot read', () => {
    expect(() => decodeWav(new TextEncoder().encode('ID3 not a wave'))).toThrow(new WavError('This is not a WAV file.'));
    expect(() => decodeWav(wavFile(fmt(2, 1, 8000, 4), [1, 2]))).toThrow(/compressed \(format 2\)/);
    expect(() => decodeWav(wavFile(fmt(1, 1, 8000, 12), [1, 2]))).toThrow('12-bit PCM WAV files are not supported.');
    const noData = wavFile(fmt(1, 1, 8000, 16), []).subarray(0, 36);
    expect(() => decodeWav(noData)).toThrow('This WAV file has no audio data.');
    expect(() => encodeWav({ sampleRate: 8000, channels: [] })).toThrow(WavError);
  });
});
