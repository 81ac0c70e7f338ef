import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { emptyScene, isScenePath, parseScene, serializeScene, type Scene } from '@/lib/scenes/schema';

const sample = readFileSync('emulators/github/fixtures/sample-game/scenes/level1.scene.json', 'utf8');

const sprite = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  type: 'sprite',
  name: id,
  transform: { x: 0, y: 0, rotation: 0, scaleX: 1, scaleY: 1 },
  visible: true,
  properties: {},
  image: 'assets/images/player.png',
  width: 16,
  height: 16,
  ...extra,
});
const scene = (objects: unknown[], extra: Record<string, unknown> = {}) =>
  JSON.stringify({ version: 1, name: 'S', width: 100, height: 50, background: '#000000', objects, ...extra });

describe('scene files', () => {
  it('the sample scene is valid and serializes back to exactly its text', () => {
    const parsed = parseScene(sample);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    expect(parsed.scene.objects.map((object) => `${object.type}:${object.id}`)).toEqual([
      'shape:sun',
      'shape:ground',
      'shape:ledge-1',
      'shape:ledge-2',
      'group:coins',
      'shape:flag',
      'sprite:player',
      'text:goal',
    ]);
    expect(serializeScene(parsed.scene)).toBe(sample);
  });

  it('accepts every object kind, nested groups and typed custom properties', () => {
    const parsed = parseScene(
      scene([
        {
          id: 'g',
          type: 'group',
          name: 'G',
          transform: { x: 1, y: 2, rotation: 30, scaleX: -1, scaleY: 2 },
          visible: false,
          locked: true,
          properties: { label: 'x', count: 3, on: false },
          children: [
            sprite('s'),
            { ...sprite('t'), type: 'text', image: undefined, width: undefined, height: undefined, text: 'Hi', fontSize: 8, fontFamily: 'serif', fill: '#fff' },
            {
              ...sprite('p'),
              type: 'shape',
              image: undefined,
              width: undefined,
              height: undefined,
              geometry: { kind: 'polygon', points: [{ x: 0, y: 1 }, { x: 1, y: 0 }, { x: 0, y: 0 }] },
              fill: null,
              stroke: '#102030',
              strokeWidth: 2,
            },
          ],
        },
      ]),
    );
    expect(parsed.ok).toBe(true);
  });

  it('lists every problem with where it is', () => {
    const parsed = parseScene(
      scene(
        [
          sprite('a'),
          sprite('a', { transform: { x: 'left', y: 0, rotation: 0, scaleX: 1, scaleY: 1 } }),
          { ...sprite('b'), image: '../secret.png', width: -1 },
          { ...sprite('c'), type: 'shape', geometry: { kind: 'star' }, fill: 'red', stroke: null, strokeWidth: 0 },
          { ...sprite('d'), properties: { nested: { no: true } }, colour: 'extra' },
        ],
        { version: 2 },
      ),
    );
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    const paths = parsed.problems.map((problem) => problem.path);
    expect(paths).toEqual(
      expect.arrayContaining(['version', 'objects.1.transform.x', 'objects.2.image', 'objects.2.width', 'objects.3.geometry.kind', 'objects.4.properties.nested', 'objects.4']),
    );
    expect(parsed.problems.find((problem) => problem.path === 'objects.2.image')?.message).toBe('A path cannot contain "..".');
    expect(parsed.problems.find((problem) => problem.path === 'objects.4')?.message).toMatch(/colour/);
  });

  it('refuses duplicate ids anywhere in the tree (checked once the shapes are right)', () => {
    const group = { ...sprite('g'), type: 'group', image: undefined, width: undefined, height: undefined, children: [sprite('a')] };
    const parsed = parseScene(scene([sprite('a'), group]));
    expect(parsed).toEqual({ ok: false, problems: [{ path: 'objects.1.children.0.id', message: '"a" is already the id of objects.0' }] });
  });

  it('explains text that is not JSON at all', () => {
    const parsed = parseScene('{ "version": 1,');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problems[0]).toMatchObject({ path: '', message: expect.stringMatching(/^Not valid JSON: /) }) as unknown;
  });

  it('a new scene is valid; scene paths end in .scene.json', () => {
    const fresh: Scene = emptyScene('New');
    expect(parseScene(serializeScene(fresh))).toEqual({ ok: true, scene: fresh });
    expect(isScenePath('scenes/a.scene.json')).toBe(true);
    expect(isScenePath('scenes/a.json')).toBe(false);
    expect(isScenePath('.scene.json')).toBe(false);
  });
});
