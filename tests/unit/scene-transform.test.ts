import { describe, expect, it } from 'vitest';
import { flatten, groupObjects, reorder, ungroup, newShape, addObject, freshId, removeObjects } from '@/lib/scenes/operations';
import { emptyScene, type Scene, type Transform } from '@/lib/scenes/schema';
import { applyTransform, composeTransforms, fromKonva, pointFromKonva, pointToKonva, snap, toKonva } from '@/lib/scenes/transform';
import { fitView, sceneToScreen, screenToScene, zoomAt } from '@/lib/scenes/view';

const transform = (x: number, y: number, rotation = 0, scaleX = 1, scaleY = 1): Transform => ({ x, y, rotation, scaleX, scaleY });

describe('scene space (y up, counterclockwise) ↔ Konva (y down, clockwise)', () => {
  it('flips y and the sense of rotation, and nothing else', () => {
    expect(toKonva(transform(10, 20, 30, 2, -1))).toEqual({ x: 10, y: -20, rotation: -30, scaleX: 2, scaleY: -1 });
    expect(fromKonva({ x: 10, y: -20, rotation: -30, scaleX: 2, scaleY: -1 })).toEqual(transform(10, 20, 30, 2, -1));
  });

  it('round-trips without -0 and without floating-point noise', () => {
    expect(Object.is(toKonva(transform(0, 0)).y, 0)).toBe(true);
    expect(Object.is(fromKonva({ x: 0, y: 0, rotation: 0, scaleX: 1, scaleY: 1 }).rotation, 0)).toBe(true);
    expect(fromKonva({ x: 0.1 + 0.2, y: -1.00000001, rotation: -44.99999999, scaleX: 1, scaleY: 1 })).toEqual(transform(0.3, 1, 45));
    for (const t of [transform(-3.5, 7.25, 90, 0.5, 3), transform(100, -100, -45, -2, 1)]) expect(fromKonva(toKonva(t))).toEqual(t);
  });

  it('a point above the origin is drawn above it on screen', () => {
    expect(pointToKonva({ x: 5, y: 10 })).toEqual({ x: 5, y: -10 });
    expect(pointFromKonva({ x: 5, y: -10 })).toEqual({ x: 5, y: 10 });
    const view = { zoom: 2, x: 400, y: 300 };
    expect(sceneToScreen(view, { x: 0, y: 0 })).toEqual({ x: 400, y: 300 });
    expect(sceneToScreen(view, { x: 10, y: 10 })).toEqual({ x: 420, y: 280 });
    expect(screenToScene(view, { x: 420, y: 280 })).toEqual({ x: 10, y: 10 });
  });

  it('rotates counterclockwise in scene space', () => {
    const quarter = applyTransform(transform(0, 0, 90), { x: 1, y: 0 });
    expect(quarter.x).toBeCloseTo(0);
    expect(quarter.y).toBeCloseTo(1);
  });
});

describe('view', () => {
  it('fits the scene frame with a margin and zooms around the pointer', () => {
    expect(fitView({ width: 320, height: 180 }, { width: 800, height: 600 })).toEqual({ zoom: 2.25, x: 400, y: 300 });
    const view = { zoom: 1, x: 100, y: 100 };
    const anchor = { x: 150, y: 120 };
    const under = screenToScene(view, anchor);
    const zoomed = zoomAt(view, anchor, 2);
    expect(zoomed.zoom).toBe(2);
    expect(screenToScene(zoomed, anchor)).toEqual(under);
  });

  it('snaps to the grid', () => {
    expect(snap(13, 8)).toBe(16);
    expect(snap(-30, 8)).toBe(-32);
    expect(Object.is(snap(-2, 8), 0)).toBe(true);
    expect(snap(13.3, 0)).toBe(13.3);
  });
});

describe('scene edits', () => {
  const base = (): Scene => {
    let scene = emptyScene('T');
    for (const [kind, x, y] of [['rect', 10, 0], ['ellipse', 30, 20], ['text', -40, -20]] as const) {
      scene = addObject(scene, newShape(scene, kind, { x, y }));
    }
    return scene;
  };

  it('gives new objects readable unique ids', () => {
    const scene = base();
    expect(scene.objects.map((object) => object.id)).toEqual(['rectangle', 'ellipse', 'text']);
    expect(freshId(scene, 'Rectangle')).toBe('rectangle-2');
  });

  it('reorders among siblings (later = drawn on top)', () => {
    const scene = base();
    expect(reorder(scene, 'rectangle', 'front').objects.map((o) => o.id)).toEqual(['ellipse', 'text', 'rectangle']);
    expect(reorder(scene, 'text', 'backward').objects.map((o) => o.id)).toEqual(['rectangle', 'text', 'ellipse']);
    expect(reorder(scene, 'rectangle', 'backward')).toEqual(scene);
  });

  it('groups at the members’ centre and ungroups back to the same scene positions', () => {
    const scene = base();
    const { scene: grouped, groupId } = groupObjects(scene, ['rectangle', 'ellipse']);
    expect(grouped.objects.map((o) => o.id)).toEqual([groupId, 'text']);
    const group = grouped.objects[0]!;
    expect(group.type === 'group' && group.transform).toEqual(transform(20, 10));
    expect(group.type === 'group' && group.children.map((child) => [child.id, child.transform.x, child.transform.y])).toEqual([
      ['rectangle', -10, -10],
      ['ellipse', 10, 10],
    ]);
    const { scene: back } = ungroup(grouped, groupId);
    expect(back).toEqual(scene);
  });

  it('ungrouping a rotated, scaled group keeps each child where it was drawn', () => {
    const parent = transform(100, 50, 90, 2, 2);
    const child = transform(10, 0, 15, 1, 1);
    const world = composeTransforms(parent, child);
    expect(world).toEqual(transform(100, 70, 105, 2, 2));
  });

  it('refuses to group objects from different groups; removing a group removes its children', () => {
    const { scene: grouped, groupId } = groupObjects(base(), ['rectangle', 'ellipse']);
    expect(() => groupObjects(grouped, ['rectangle', 'text'])).toThrow('Only objects in the same group');
    const removed = removeObjects(grouped, new Set([groupId]));
    expect(flatten(removed).map((entry) => entry.object.id)).toEqual(['text']);
  });
});
