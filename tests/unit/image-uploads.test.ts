import { describe, expect, it } from 'vitest';
import { encodePng } from '@/emulators/github/media';
import { IMAGE_EXTENSIONS } from '@/lib/images/formats';
import { checkUpload, pastedName, uploadPathProblem } from '@/lib/images/uploads';
import { assetCommitInput } from '@/lib/media/commit';
import { MAX_ASSET_BYTES } from '@/lib/media/limits';

const png = new Uint8Array(encodePng(1, 1, Uint8Array.from([1, 2, 3, 255])));
const at = new Date(2025, 0, 2, 3, 4, 5);

describe('adding images', () => {
  it('names pasted images by time, with the extension of what they are', () => {
    expect(pastedName(at, 'png')).toBe('pasted-20250102-030405.png');
    expect(checkUpload('image.png', png, 'paste', at)).toEqual({ ok: true, name: 'pasted-20250102-030405.png', format: 'png' });
  });

  it('keeps an uploaded file’s name, fixing an extension that does not match its bytes', () => {
    expect(checkUpload('hero.png', png, 'file', at)).toEqual({ ok: true, name: 'hero.png', format: 'png' });
    expect(checkUpload('hero.jpg', png, 'file', at)).toEqual({ ok: true, name: 'hero.png', format: 'png' });
    expect(checkUpload('hero', png, 'file', at)).toEqual({ ok: true, name: 'hero.png', format: 'png' });
    const jpeg = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 0]);
    expect(checkUpload('photo.JPEG', jpeg, 'file', at)).toEqual({ ok: true, name: 'photo.JPEG', format: 'jpeg' });
  });

  it('refuses empty, oversized and non-image files, saying which', () => {
    expect(checkUpload('a.png', new Uint8Array(), 'file', at)).toEqual({ ok: false, problem: 'a.png is empty.' });
    const big = new Uint8Array(MAX_ASSET_BYTES + 1);
    big.set(png);
    expect(checkUpload('big.png', big, 'file', at)).toEqual({ ok: false, problem: 'big.png is 5.0 MB; images can be at most 5.0 MB.' });
    expect(checkUpload('notes.png', new TextEncoder().encode('hello'), 'file', at)).toEqual({ ok: false, problem: 'notes.png is not a PNG, JPEG, GIF, WebP or SVG image.' });
    expect(checkUpload('image.png', new TextEncoder().encode('hello'), 'paste', at)).toEqual({ ok: false, problem: 'The pasted image is not a PNG, JPEG, GIF, WebP or SVG image.' });
  });

  it('checks the chosen folder and name before committing', () => {
    const taken = new Set(['assets/images/hero.png']);
    expect(uploadPathProblem('assets/images', 'new.png', 'png', taken)).toBeNull();
    expect(uploadPathProblem('', 'new.png', 'png', taken)).toBeNull();
    expect(uploadPathProblem('assets/images', 'hero.png', 'png', taken)).toBe('assets/images/hero.png already exists; choose another name.');
    expect(uploadPathProblem('assets/images', ' ', 'png', taken)).toBe('Give the image a name.');
    expect(uploadPathProblem('assets', 'a/b.png', 'png', taken)).toBe('A name cannot contain "/"; choose the folder instead.');
    expect(uploadPathProblem('../outside', 'a.png', 'png', taken)).toBe('A path cannot contain "..".');
    expect(uploadPathProblem('assets', 'a.gif', 'png', taken)).toBe('The name must end in .png: the file is PNG.');
  });
});

describe('the asset commit input', () => {
  const schema = assetCommitInput(IMAGE_EXTENSIONS, 'an image');
  const valid = { owner: 'alice', repo: 'sample-game', branch: 'main', expectedHeadSha: 'a'.repeat(40), message: 'Add', files: [{ path: './assets//x.png', content: png }] };

  it('accepts bytes for files of its kind, normalizing paths', () => {
    const parsed = schema.parse(valid);
    expect(parsed.files[0]!.path).toBe('assets/x.png');
    expect(parsed.files[0]!.content).toBe(png);
  });

  it('refuses other kinds of files, text instead of bytes, escaping paths and oversized commits', () => {
    const issues = (input: unknown) => {
      const result = schema.safeParse(input);
      return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    };
    expect(issues({ ...valid, files: [{ path: 'src/main.ts', content: png }] })).toEqual(['files.0.path: must name an image file (.png, .jpg, .jpeg, .gif, .webp, .svg)']);
    expect(issues({ ...valid, files: [{ path: 'a.png', content: 'iVBOR' }] })).toEqual(['files.0.content: must be the file’s bytes']);
    expect(issues({ ...valid, files: [{ path: '../a.png', content: png }] })).toEqual(['files.0.path: A path cannot contain "..".']);
    expect(issues({ ...valid, files: [] })).toEqual(['files: There are no files to commit.']);
    expect(issues({ ...valid, message: '  ' })).toEqual(['message: Write a commit message.']);
    const half = new Uint8Array(4.5 * 1024 * 1024);
    expect(issues({ ...valid, files: [{ path: 'a.png', content: half }, { path: 'b.png', content: half }] })).toEqual([
      'files: These files are 9.0 MB together; one commit can carry at most 8.0 MB.',
    ]);
  });
});
