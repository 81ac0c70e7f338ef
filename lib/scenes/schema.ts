import { z } from 'zod';
import { normalizeRepoPath, repoPathProblem } from '@/lib/github/paths';

/**
 * Scene files (`*.scene.json`), version 1.
 *
 * Coordinates are a game's, not a screen's: the origin (0, 0) is the centre of the scene's
 * `width` × `height` frame, y points UP, and rotations are degrees counterclockwise. Every object is
 * placed by its centre (its pivot for rotation and scale). Array order is z-order: later objects are
 * drawn on top. A group's children are placed relative to the group's transform.
 */
export const SCENE_VERSION = 1;
export const SCENE_EXTENSION = '.scene.json';
/** Nesting and size limits keep a hostile file from exhausting the editor. */
const MAX_DEPTH = 16;
const MAX_OBJECTS = 5_000;

const finite = z.number().finite();
const positive = finite.positive();
const color = z.string().regex(/^#(?:[0-9a-f]{3}|[0-9a-f]{4}|[0-9a-f]{6}|[0-9a-f]{8})$/i, 'must be a colour like #1d2433');

export const transformSchema = z.strictObject({
  x: finite,
  y: finite,
  rotation: finite,
  scaleX: finite,
  scaleY: finite,
});
export type Transform = z.infer<typeof transformSchema>;

export const propertyValue = z.union([z.string().max(10_000), finite, z.boolean()]);
export type PropertyValue = z.infer<typeof propertyValue>;
export const propertyKey = z.string().min(1, 'a property needs a name').max(100);

const objectId = z.string().min(1).max(100);
const common = {
  name: z.string().max(200),
  transform: transformSchema,
  visible: z.boolean(),
  /** Locked objects cannot be picked or moved on the canvas (they stay editable in the panels). */
  locked: z.boolean().optional(),
  properties: z.record(propertyKey, propertyValue),
};

/** A path in the branch, kept as written when it is already canonical. */
const imagePath = z.string().superRefine((path, context) => {
  const problem = repoPathProblem(path);
  if (problem) context.addIssue({ code: 'custom', message: problem });
  else if (normalizeRepoPath(path) !== path) context.addIssue({ code: 'custom', message: `should be written "${normalizeRepoPath(path)}"` });
});

// Unknown keys are errors rather than silently dropped on the next save: extra data goes in `properties`.
const spriteSchema = z.strictObject({
  id: objectId,
  type: z.literal('sprite'),
  ...common,
  image: imagePath,
  width: positive,
  height: positive,
});

const geometrySchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('rect'), width: positive, height: positive }),
  z.strictObject({ kind: z.literal('ellipse'), width: positive, height: positive }),
  /** Corners around the object's centre (y up). */
  z.strictObject({ kind: z.literal('polygon'), points: z.array(z.strictObject({ x: finite, y: finite })).min(3).max(1_000) }),
]);
export type Geometry = z.infer<typeof geometrySchema>;

const shapeSchema = z.strictObject({
  id: objectId,
  type: z.literal('shape'),
  ...common,
  geometry: geometrySchema,
  fill: color.nullable(),
  stroke: color.nullable(),
  strokeWidth: finite.min(0),
});

const textSchema = z.strictObject({
  id: objectId,
  type: z.literal('text'),
  ...common,
  text: z.string().max(10_000),
  fontSize: positive,
  fontFamily: z.string().min(1).max(200),
  fill: color,
});

export type SpriteObject = z.infer<typeof spriteSchema>;
export type ShapeObject = z.infer<typeof shapeSchema>;
export type TextObject = z.infer<typeof textSchema>;
export type GroupObject = z.infer<typeof groupBase> & { children: SceneObject[] };
export type SceneObject = SpriteObject | ShapeObject | TextObject | GroupObject;
export type SceneObjectType = SceneObject['type'];

const groupBase = z.strictObject({ id: objectId, type: z.literal('group'), ...common });

const objectSchema: z.ZodType<SceneObject> = z.lazy(() =>
  z.discriminatedUnion('type', [spriteSchema, shapeSchema, textSchema, groupBase.extend({ children: z.array(objectSchema) })]),
);

function checkTree(objects: SceneObject[], context: z.RefinementCtx): void {
  const seen = new Map<string, string>();
  let count = 0;
  const visit = (list: SceneObject[], path: Array<string | number>, depth: number) => {
    list.forEach((object, index) => {
      const here = [...path, index];
      count += 1;
      const first = seen.get(object.id);
      if (first) context.addIssue({ code: 'custom', path: [...here, 'id'], message: `"${object.id}" is already the id of ${first}` });
      else seen.set(object.id, here.join('.'));
      if (object.type !== 'group') return;
      if (depth >= MAX_DEPTH) context.addIssue({ code: 'custom', path: [...here, 'children'], message: `groups can be nested at most ${MAX_DEPTH} deep` });
      else visit(object.children, [...here, 'children'], depth + 1);
    });
  };
  visit(objects, ['objects'], 1);
  if (count > MAX_OBJECTS) context.addIssue({ code: 'custom', path: ['objects'], message: `a scene can hold at most ${MAX_OBJECTS} objects` });
}

export const sceneSchema = z
  .strictObject({
    version: z.literal(SCENE_VERSION),
    name: z.string().max(200),
    width: positive,
    height: positive,
    background: color,
    objects: z.array(objectSchema),
  })
  .superRefine((scene, context) => checkTree(scene.objects, context));

export type Scene = z.infer<typeof sceneSchema>;

export interface SceneProblem {
  /** Where in the file, e.g. `objects.3.transform.x` (empty: the file as a whole). */
  path: string;
  message: string;
}

export type ParsedScene = { ok: true; scene: Scene } | { ok: false; problems: SceneProblem[] };

/** Reads a scene file: its scene, or every reason it is not a valid version-1 scene. */
export function parseScene(text: string): ParsedScene {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, problems: [{ path: '', message: `Not valid JSON: ${error instanceof Error ? error.message : String(error)}` }] };
  }
  const result = sceneSchema.safeParse(json);
  if (result.success) return { ok: true, scene: result.data };
  return { ok: false, problems: result.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message })) };
}

/** The file's text: two-space JSON with a final newline, keys in schema order, so diffs stay small. */
export function serializeScene(scene: Scene): string {
  return `${JSON.stringify(scene, null, 2)}\n`;
}

export function isScenePath(path: string): boolean {
  return path.toLowerCase().endsWith(SCENE_EXTENSION) && path.length > SCENE_EXTENSION.length;
}

export function emptyScene(name: string): Scene {
  return { version: SCENE_VERSION, name, width: 320, height: 180, background: '#8fd3ff', objects: [] };
}

export const identityTransform: Transform = { x: 0, y: 0, rotation: 0, scaleX: 1, scaleY: 1 };
