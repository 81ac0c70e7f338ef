/**
 * Binary sample media generated in code, so the repository holds no binaries and every start produces
 * byte-identical files (hence identical git object ids).
 */
import { createHash } from 'node:crypto';
import { crc32, deflateSync } from 'node:zlib';

type Rgba = readonly [number, number, number, number];

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/** Encodes an RGBA pixel buffer (row-major, 4 bytes a pixel) as a PNG; `alpha: false` drops the alpha channel. */
export function encodePng(width: number, height: number, rgba: Uint8Array, alpha = true): Buffer {
  const channels = alpha ? 4 : 3;
  const raw = Buffer.alloc((width * channels + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * channels + 1);
    raw[row] = 0;
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < channels; c++) {
        raw[row + 1 + x * channels + c] = rgba[(y * width + x) * 4 + c] ?? 0;
      }
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = alpha ? 6 : 2;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function hex(color: string): Rgba {
  const n = Number.parseInt(color.replace('#', ''), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255, 255];
}

/** Renders pixel art given as rows of palette characters ('.' = transparent). */
function pixelArt(rows: string[], palette: Record<string, string>): { width: number; height: number; rgba: Uint8Array } {
  const height = rows.length;
  const width = rows[0]?.length ?? 0;
  const rgba = new Uint8Array(width * height * 4);
  rows.forEach((row, y) => {
    [...row].forEach((ch, x) => {
      const color = palette[ch];
      if (color) rgba.set(hex(color), (y * width + x) * 4);
    });
  });
  return { width, height, rgba };
}

const PLAYER = [
  '.....KKKKKK.....',
  '....KRRRRRRK....',
  '...KRRRRRRRRK...',
  '...KSSKSSKSSK...',
  '...KSSSSSSSSK...',
  '...KSSSKKSSSK...',
  '....KSSSSSSK....',
  '.....KKKKKK.....',
  '....KBBBBBBK....',
  '...KBBBBBBBBK...',
  '..KSKBBBBBBKSK..',
  '..KSKBBBBBBKSK..',
  '....KBBKKBBK....',
  '....KBBK.KBBK...',
  '...KKKK..KKKK...',
  '................',
];

function playerPng(): Buffer {
  const art = pixelArt(PLAYER, { K: '#1d2433', R: '#d7263d', S: '#f4c095', B: '#2e86ab' });
  return encodePng(art.width, art.height, art.rgba);
}

/** Two 16×16 tiles (grass and brick) side by side, opaque. */
function tilesPng(): Buffer {
  const width = 32;
  const height = 16;
  const rgba = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let color: Rgba;
      if (x < 16) color = y < 4 ? hex('#5b8c3a') : (x * 7 + y * 3) % 11 === 0 ? hex('#6b4226') : hex('#8b5a2b');
      else color = y % 8 === 7 || (x - 16 + (Math.floor(y / 8) % 2) * 8) % 16 === 15 ? hex('#5c5c5c') : hex('#b5503c');
      rgba.set(color, (y * width + x) * 4);
    }
  }
  return encodePng(width, height, rgba, false);
}

/** A vertical sky gradient, opaque. */
function backgroundPng(): Buffer {
  const width = 64;
  const height = 36;
  const rgba = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    const t = y / (height - 1);
    const color: Rgba = [Math.round(143 + 90 * t), Math.round(211 + 30 * t), 255, 255];
    for (let x = 0; x < width; x++) rgba.set(color, (y * width + x) * 4);
  }
  return encodePng(width, height, rgba, false);
}

/**
 * GIF image data without real compression: a clear code after every two literal codes keeps the LZW
 * dictionary (and so the code width) from growing, which every decoder accepts.
 */
function gifImageData(indices: number[], minCodeSize: number): Buffer {
  const clear = 1 << minCodeSize;
  const end = clear + 1;
  const codeSize = minCodeSize + 1;
  const codes: number[] = [];
  indices.forEach((index, i) => {
    if (i % 2 === 0) codes.push(clear);
    codes.push(index);
  });
  codes.push(end);
  const bytes: number[] = [];
  let acc = 0;
  let bits = 0;
  for (const code of codes) {
    acc |= code << bits;
    bits += codeSize;
    while (bits >= 8) {
      bytes.push(acc & 255);
      acc >>= 8;
      bits -= 8;
    }
  }
  if (bits > 0) bytes.push(acc & 255);
  const blocks: number[] = [minCodeSize];
  for (let i = 0; i < bytes.length; i += 255) {
    const block = bytes.slice(i, i + 255);
    blocks.push(block.length, ...block);
  }
  blocks.push(0);
  return Buffer.from(blocks);
}

/** An animated, looping, transparent 8×8 spinning coin (4 frames). */
function coinGif(): Buffer {
  const size = 8;
  const palette = ['#000000', '#ffcc33', '#b8860b', '#fff3b0'].map(hex);
  const widths = [4, 3, 1, 3];
  const header = Buffer.alloc(13);
  header.write('GIF89a', 0, 'ascii');
  header.writeUInt16LE(size, 6);
  header.writeUInt16LE(size, 8);
  header[10] = 0x80 | 0x01;
  const parts: Buffer[] = [header, Buffer.from(palette.flatMap(([r, g, b]) => [r, g, b]))];
  parts.push(Buffer.from([0x21, 0xff, 0x0b, ...Buffer.from('NETSCAPE2.0'), 0x03, 0x01, 0x00, 0x00, 0x00]));
  for (const halfWidth of widths) {
    const indices: number[] = [];
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const dx = Math.abs(x + 0.5 - size / 2);
        const dy = Math.abs(y + 0.5 - size / 2);
        const inside = (dx / halfWidth) ** 2 + (dy / 4) ** 2 <= 1;
        indices.push(!inside ? 0 : dx + 1 >= halfWidth ? 2 : x < size / 2 && y < size / 2 ? 3 : 1);
      }
    }
    parts.push(Buffer.from([0x21, 0xf9, 0x04, 0x09, 12, 0x00, 0x00, 0x00]));
    const descriptor = Buffer.alloc(10);
    descriptor[0] = 0x2c;
    descriptor.writeUInt16LE(size, 5);
    descriptor.writeUInt16LE(size, 7);
    parts.push(descriptor, gifImageData(indices, 2));
  }
  parts.push(Buffer.from([0x3b]));
  return Buffer.concat(parts);
}

/** 16-bit mono PCM WAV from samples in [-1, 1]. */
export function encodeWav(samples: Float32Array, sampleRate: number): Buffer {
  const data = Buffer.alloc(samples.length * 2);
  samples.forEach((s, i) => data.writeInt16LE(Math.round(Math.max(-1, Math.min(1, s)) * 32767), i * 2));
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVEfmt ', 8, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

function synth(seconds: number, sampleRate: number, frequencyAt: (t: number) => number, square: boolean): Float32Array {
  const samples = new Float32Array(Math.round(seconds * sampleRate));
  let phase = 0;
  for (let i = 0; i < samples.length; i++) {
    const t = i / sampleRate;
    phase += (2 * Math.PI * frequencyAt(t)) / sampleRate;
    const wave = square ? Math.sign(Math.sin(phase)) : Math.sin(phase);
    const envelope = Math.min(1, t / 0.005) * (1 - t / seconds);
    samples[i] = 0.35 * wave * envelope;
  }
  return samples;
}

const OGG_CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let r = i << 24;
    for (let j = 0; j < 8; j++) r = r & 0x80000000 ? (r << 1) ^ 0x04c11db7 : r << 1;
    table[i] = r >>> 0;
  }
  return table;
})();

function oggCrc(data: Buffer): number {
  let crc = 0;
  for (const byte of data) crc = ((crc << 8) ^ (OGG_CRC_TABLE[((crc >>> 24) ^ byte) & 255] ?? 0)) >>> 0;
  return crc;
}

function oggPage(packets: Buffer[], flags: number, granule: bigint, sequence: number): Buffer {
  const lacing: number[] = [];
  for (const packet of packets) {
    let left = packet.length;
    while (left >= 255) {
      lacing.push(255);
      left -= 255;
    }
    lacing.push(left);
  }
  const header = Buffer.alloc(27 + lacing.length);
  header.write('OggS', 0, 'ascii');
  header[5] = flags;
  header.writeBigUInt64LE(granule, 6);
  header.writeUInt32LE(0x5745_4454, 14);
  header.writeUInt32LE(sequence, 18);
  header[26] = lacing.length;
  Buffer.from(lacing).copy(header, 27);
  const page = Buffer.concat([header, ...packets]);
  page.writeUInt32LE(oggCrc(page), 22);
  return page;
}

/**
 * Half a second of silence as Ogg Opus. No Opus encoder is available, but libopus' own digital-silence
 * CELT frame (0xF8 0xFF 0xFE: fullband, 20 ms, mono) is a valid packet every decoder accepts.
 */
function silenceOgg(): Buffer {
  const preSkip = 312;
  const frames = 25;
  const head = Buffer.alloc(19);
  head.write('OpusHead', 0, 'ascii');
  head[8] = 1;
  head[9] = 1;
  head.writeUInt16LE(preSkip, 10);
  head.writeUInt32LE(48_000, 12);
  const vendor = Buffer.from('webedt-github-emulator');
  const tags = Buffer.alloc(8 + 4 + vendor.length + 4);
  tags.write('OpusTags', 0, 'ascii');
  tags.writeUInt32LE(vendor.length, 8);
  vendor.copy(tags, 12);
  const audio = Array.from({ length: frames }, () => Buffer.from([0xf8, 0xff, 0xfe]));
  return Buffer.concat([
    oggPage([head], 0x02, 0n, 0),
    oggPage([tags], 0x00, 0n, 1),
    oggPage(audio, 0x04, BigInt(preSkip + frames * 960), 2),
  ]);
}

/** Files added to a repository whose seed sets `media: true`, by path. */
export function sampleMedia(): Map<string, Buffer> {
  const rate = 22_050;
  return new Map([
    ['assets/images/player.png', playerPng()],
    ['assets/images/tiles.png', tilesPng()],
    ['assets/images/background.png', backgroundPng()],
    ['assets/images/coin.gif', coinGif()],
    ['assets/sounds/jump.wav', encodeWav(synth(0.25, rate, (t) => 300 + 1800 * t, true), rate)],
    ['assets/sounds/coin.wav', encodeWav(synth(0.3, rate, (t) => (t < 0.08 ? 988 : 1319), false), rate)],
    ['assets/sounds/silence.ogg', silenceOgg()],
  ]);
}

/** A GitHub-style identicon: a 5×5 horizontally symmetric pattern derived from the login. */
export function identiconPng(login: string, color: string | undefined, size: number): Buffer {
  const digest = createHash('md5').update(login).digest();
  const fg = color ? hex(color) : hslToRgb(((digest[12] ?? 0) * 360) / 256, 0.55, 0.55);
  const bg: Rgba = [240, 240, 240, 255];
  const cell = Math.max(1, Math.floor(size / 6));
  const margin = Math.floor((size - cell * 5) / 2);
  const rgba = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const cx = Math.floor((x - margin) / cell);
      const cy = Math.floor((y - margin) / cell);
      const inGrid = x >= margin && y >= margin && cx < 5 && cy < 5;
      const column = cx < 3 ? cx : 4 - cx;
      const on = inGrid && ((digest[column * 5 + cy] ?? 0) & 1) === 1;
      rgba.set(on ? fg : bg, (y * size + x) * 4);
    }
  }
  return encodePng(size, size, rgba, false);
}

function hslToRgb(h: number, s: number, l: number): Rgba {
  const k = (n: number) => (n + h / 30) % 12;
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => l - a * Math.max(-1, Math.min(k(n) - 3, Math.min(9 - k(n), 1)));
  return [Math.round(255 * f(0)), Math.round(255 * f(8)), Math.round(255 * f(4)), 255];
}
