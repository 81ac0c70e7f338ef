import { describe, expect, it } from 'vitest';
import type { TreeEntry } from '@/lib/github/tree';
import { canvasSizeProblem, imageFormatOf, notEditableReason, sniffImageFormat } from '@/lib/images/formats';
import { assetFolders, filterAssets, freePath, listAssets, withExtension } from '@/lib/media/assets';
import { canRedo, canUndo, createHistory, record, redo, undo } from '@/lib/media/history';
import { assetCommitProblem, MAX_ASSET_BYTES } from '@/lib/media/limits';

const blob = (path: string): TreeEntry => ({ path, type: 'blob', mode: '100644', sha: path.length.toString(16).padStart(40, '0'), size: path.length });

describe('asset listing', () => {
  const entries: TreeEntry[] = [
    blob('assets/images/player.png'),
    blob('assets/images/logo.svg'),
    { path: 'assets/images', type: 'tree', mode: '040000', sha: '0'.repeat(40) },
    blob('assets/sounds/jump.wav'),
    blob('icon.PNG'),
    blob('src/png.ts'),
    blob('ui/hud/bar.webp'),
  ];
  const images = listAssets(entries, ['png', 'svg', 'webp']);

  it('lists files by extension (any case), sorted, and their folders', () => {
    expect(images.map((asset) => asset.path)).toEqual(['assets/images/logo.svg', 'assets/images/player.png', 'icon.PNG', 'ui/hud/bar.webp']);
    expect(assetFolders(images)).toEqual(['', 'assets/images', 'ui/hud']);
  });

  it('filters by folder (directly in it) and by every word of the search', () => {
    expect(filterAssets(images, { folder: 'assets/images', query: '' }).map((a) => a.path)).toEqual(['assets/images/logo.svg', 'assets/images/player.png']);
    expect(filterAssets(images, { folder: '', query: '' }).map((a) => a.path)).toEqual(['icon.PNG']);
    expect(filterAssets(images, { folder: null, query: 'IMAGES pl' }).map((a) => a.path)).toEqual(['assets/images/player.png']);
    expect(filterAssets(images, { folder: null, query: 'nothing' })).toEqual([]);
  });

  it('finds a free name next to a taken one, and swaps extensions', () => {
    const taken = new Set(['a/pic.png', 'a/pic-2.png', 'README']);
    expect(freePath('a/pic.png', taken)).toBe('a/pic-3.png');
    expect(freePath('a/new.png', taken)).toBe('a/new.png');
    expect(freePath('README', taken)).toBe('README-2');
    expect(withExtension('assets/images/coin.gif', 'png')).toBe('assets/images/coin.png');
    expect(withExtension('clip', 'wav')).toBe('clip.wav');
  });

  it('refuses commits over the size limits with the file named', () => {
    const big = { path: 'a.png', content: new Uint8Array(MAX_ASSET_BYTES + 1) };
    expect(assetCommitProblem([big])).toBe('a.png is 5.0 MB; a file can be at most 5.0 MB.');
    const parts = [1, 2].map((n) => ({ path: `${n}.png`, content: new Uint8Array(4.5 * 1024 * 1024) }));
    expect(assetCommitProblem(parts)).toBe('These files are 9.0 MB together; one commit can carry at most 8.0 MB.');
    expect(assetCommitProblem([{ path: 'a.png', content: new Uint8Array(10) }])).toBeNull();
  });
});

describe('image formats', () => {
  it('knows formats by extension and which are edited in place', () => {
    expect(['a.png', 'b.JPG', 'c.jpeg', 'd.gif', 'e.webp', 'f.svg', 'g.bmp'].map(imageFormatOf)).toEqual(['png', 'jpeg', 'jpeg', 'gif', 'webp', 'svg', null]);
    expect(notEditableReason('png')).toBeNull();
    expect(notEditableReason('gif')).toMatch(/first frame.*new PNG file/);
    expect(notEditableReason('svg')).toMatch(/vector.*new PNG file/);
  });

  it('recognizes files by their first bytes, whatever their name says', () => {
    expect(sniffImageFormat(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe('png');
    expect(sniffImageFormat(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('jpeg');
    expect(sniffImageFormat(new TextEncoder().encode('GIF89a...'))).toBe('gif');
    expect(sniffImageFormat(new TextEncoder().encode('RIFF\0\0\0\0WEBPVP8 '))).toBe('webp');
    expect(sniffImageFormat(new TextEncoder().encode('RIFF\0\0\0\0WAVEfmt '))).toBeNull();
    expect(sniffImageFormat(new TextEncoder().encode('<?xml version="1.0"?>\n<!-- logo -->\n<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBe('svg');
    expect(sniffImageFormat(new TextEncoder().encode('<html><svg></svg></html>'))).toBeNull();
  });

  it('limits the canvas size', () => {
    expect(canvasSizeProblem(16, 16)).toBeNull();
    expect(canvasSizeProblem(0, 16)).toMatch(/at least 1 × 1/);
    expect(canvasSizeProblem(5000, 10)).toMatch(/up to 4096 × 4096 pixels.*5000 × 10/);
    expect(canvasSizeProblem(4096, 4096)).toBeNull();
  });
});

describe('undo history', () => {
  const limits = { maxSteps: 3, maxBytes: 100, sizeOf: (snapshot: string) => snapshot.length };

  it('undoes and redoes; a new step after undo drops the redo steps', () => {
    let history = createHistory('a');
    history = record(history, 'b', limits);
    history = record(history, 'c', limits);
    history = undo(undo(history));
    expect([history.present, canUndo(history), canRedo(history)]).toEqual(['a', false, true]);
    expect(undo(history)).toBe(history);
    history = redo(history);
    expect(history.present).toBe('b');
    history = record(history, 'x', limits);
    expect([history.past, history.present, canRedo(history)]).toEqual([['a', 'b'], 'x', false]);
    expect(redo(history)).toBe(history);
  });

  it('forgets the oldest steps beyond the step and byte limits', () => {
    let history = createHistory('1');
    for (const step of ['2', '3', '4', '5']) history = record(history, step, limits);
    expect(history.past).toEqual(['2', '3', '4']);
    const big = (n: number) => String(n).repeat(40);
    history = createHistory(big(1));
    history = record(history, big(2), limits);
    history = record(history, big(3), limits);
    expect(history.past).toEqual([big(2)]);
    expect(history.present).toBe(big(3));
  });
});
