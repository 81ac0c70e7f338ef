import { baseName } from '@/lib/github/paths';
import { identityTransform, type GroupObject, type Scene, type SceneObject, type Transform } from './schema';
import { composeTransforms, type Point, tidy } from './transform';

/**
 * Edits of a scene as pure functions: each returns a new scene (the editor keeps the old ones for
 * undo) and leaves the input untouched. Objects are addressed by id, which is unique in a scene.
 */
export class SceneEditError extends Error {}

export interface Located {
  object: SceneObject;
  /** The group holding it, or null at the top level. */
  parent: GroupObject | null;
  index: number;
  depth: number;
}

/** Every object in drawing order (parents before their children), with where it sits. */
export function flatten(scene: Scene): Located[] {
  const all: Located[] = [];
  const visit = (list: SceneObject[], parent: GroupObject | null, depth: number) => {
    list.forEach((object, index) => {
      all.push({ object, parent, index, depth });
      if (object.type === 'group') visit(object.children, object, depth + 1);
    });
  };
  visit(scene.objects, null, 0);
  return all;
}

export function locate(scene: Scene, id: string): Located | null {
  return flatten(scene).find((entry) => entry.object.id === id) ?? null;
}

/** Applies `edit` to the list that holds `parentId`'s children (null: the top level). */
function editList(scene: Scene, parentId: string | null, edit: (list: SceneObject[]) => SceneObject[]): Scene {
  if (parentId === null) return { ...scene, objects: edit(scene.objects) };
  const visit = (list: SceneObject[]): SceneObject[] =>
    list.map((object) => {
      if (object.type !== 'group') return object;
      if (object.id === parentId) return { ...object, children: edit(object.children) };
      return { ...object, children: visit(object.children) };
    });
  return { ...scene, objects: visit(scene.objects) };
}

/** Replaces the objects whose ids `edits` names by what their edit returns. */
export function updateObjects(scene: Scene, edits: ReadonlyMap<string, (object: SceneObject) => SceneObject>): Scene {
  if (edits.size === 0) return scene;
  const visit = (list: SceneObject[]): SceneObject[] =>
    list.map((object) => {
      const edit = edits.get(object.id);
      const edited = edit ? edit(object) : object;
      return edited.type === 'group' ? { ...edited, children: visit(edited.children) } : edited;
    });
  return { ...scene, objects: visit(scene.objects) };
}

export function updateObject(scene: Scene, id: string, edit: (object: SceneObject) => SceneObject): Scene {
  return updateObjects(scene, new Map([[id, edit]]));
}

export function setTransforms(scene: Scene, transforms: ReadonlyMap<string, Transform>): Scene {
  return updateObjects(scene, new Map([...transforms].map(([id, transform]) => [id, (object: SceneObject) => ({ ...object, transform })])));
}

/** Adds `object` on top of everything in `parentId` (null: the top level). */
export function addObject(scene: Scene, object: SceneObject, parentId: string | null = null): Scene {
  return editList(scene, parentId, (list) => [...list, object]);
}

/** Removes the objects (a group goes with its children). */
export function removeObjects(scene: Scene, ids: ReadonlySet<string>): Scene {
  const visit = (list: SceneObject[]): SceneObject[] =>
    list.filter((object) => !ids.has(object.id)).map((object) => (object.type === 'group' ? { ...object, children: visit(object.children) } : object));
  return { ...scene, objects: visit(scene.objects) };
}

export type OrderMove = 'forward' | 'backward' | 'front' | 'back';

/** Moves an object in the z-order among its siblings (front = drawn last). */
export function reorder(scene: Scene, id: string, move: OrderMove): Scene {
  const found = locate(scene, id);
  if (!found) return scene;
  return editList(scene, found.parent?.id ?? null, (list) => {
    const rest = list.filter((object) => object.id !== id);
    const target = { forward: found.index + 1, backward: found.index - 1, front: rest.length, back: 0 }[move];
    const at = Math.max(0, Math.min(rest.length, target));
    return [...rest.slice(0, at), found.object, ...rest.slice(at)];
  });
}

/** A readable id not used in the scene yet: `coin`, then `coin-2`, `coin-3`… */
export function freshId(scene: Scene, base: string): string {
  const stem = base.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'object';
  const used = new Set(flatten(scene).map((entry) => entry.object.id));
  if (!used.has(stem)) return stem;
  for (let n = 2; ; n++) if (!used.has(`${stem}-${n}`)) return `${stem}-${n}`;
}

/**
 * Puts sibling objects into a new group at their centre, keeping where each one is in the scene.
 * Objects in different groups cannot be grouped together.
 */
export function groupObjects(scene: Scene, ids: readonly string[], name = 'Group'): { scene: Scene; groupId: string } {
  const found = ids.map((id) => locate(scene, id));
  if (found.length === 0 || found.some((entry) => entry === null)) throw new SceneEditError('Select the objects to group.');
  const entries = found as Located[];
  const parentId = entries[0]!.parent?.id ?? null;
  if (entries.some((entry) => (entry.parent?.id ?? null) !== parentId)) {
    throw new SceneEditError('Only objects in the same group can be grouped together.');
  }
  const centre: Point = {
    x: tidy(entries.reduce((sum, entry) => sum + entry.object.transform.x, 0) / entries.length),
    y: tidy(entries.reduce((sum, entry) => sum + entry.object.transform.y, 0) / entries.length),
  };
  const chosen = new Set(ids);
  const groupId = freshId(scene, name);
  const group: GroupObject = {
    id: groupId,
    type: 'group',
    name,
    transform: { ...identityTransform, ...centre },
    visible: true,
    properties: {},
    children: [],
  };
  const next = editList(scene, parentId, (list) => {
    const members = list.filter((object) => chosen.has(object.id));
    group.children = members.map((object) => ({
      ...object,
      transform: { ...object.transform, x: tidy(object.transform.x - centre.x), y: tidy(object.transform.y - centre.y) },
    }));
    // The group takes the place of its topmost member in the z-order.
    const top = Math.max(...members.map((object) => list.indexOf(object)));
    const result: SceneObject[] = [];
    list.forEach((object, index) => {
      if (index === top) result.push(group);
      else if (!chosen.has(object.id)) result.push(object);
    });
    return result;
  });
  return { scene: next, groupId };
}

/** Replaces a group by its children, in its place, keeping where each one is in the scene. */
export function ungroup(scene: Scene, groupId: string): { scene: Scene; childIds: string[] } {
  const found = locate(scene, groupId);
  if (!found || found.object.type !== 'group') throw new SceneEditError('Select a group to ungroup.');
  const group = found.object;
  const children = group.children.map((child) => ({ ...child, transform: composeTransforms(group.transform, child.transform) }));
  const next = editList(scene, found.parent?.id ?? null, (list) => list.flatMap((object) => (object.id === groupId ? children : [object])));
  return { scene: next, childIds: children.map((child) => child.id) };
}

/** A sprite of the image at `path`, at its natural size, centred on `at`. */
export function newSprite(scene: Scene, path: string, size: { width: number; height: number }, at: Point): SceneObject {
  const name = baseName(path).replace(/\.[^.]+$/, '');
  return {
    id: freshId(scene, name),
    type: 'sprite',
    name,
    transform: { ...identityTransform, ...at },
    visible: true,
    properties: {},
    image: path,
    width: size.width,
    height: size.height,
  };
}

export type NewShapeKind = 'rect' | 'ellipse' | 'polygon' | 'text';

export function newShape(scene: Scene, kind: NewShapeKind, at: Point): SceneObject {
  const base = { transform: { ...identityTransform, ...at }, visible: true, properties: {} };
  if (kind === 'text') {
    return { id: freshId(scene, 'text'), type: 'text', name: 'Text', ...base, text: 'Text', fontSize: 16, fontFamily: 'sans-serif', fill: '#1d2433' };
  }
  const geometry =
    kind === 'polygon'
      ? {
          kind,
          points: [
            { x: 0, y: 16 },
            { x: 16, y: -12 },
            { x: -16, y: -12 },
          ],
        }
      : { kind, width: 32, height: 32 };
  const name = { rect: 'Rectangle', ellipse: 'Ellipse', polygon: 'Polygon' }[kind];
  return { id: freshId(scene, name), type: 'shape', name, ...base, geometry, fill: '#f4a259', stroke: '#1d2433', strokeWidth: 1 };
}
