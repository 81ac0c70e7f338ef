'use client';

import { X } from 'lucide-react';
import { type FormEvent, useState } from 'react';
import { propertyKey, type PropertyValue, type Scene, type SceneObject, type Transform } from '@/lib/scenes/schema';
import { ColorField, NumberField, TextField } from './fields';
import { FormError } from '@/components/form-error';

interface PropertyPanelProps {
  scene: Scene;
  /** The selected objects. */
  selected: SceneObject[];
  editable: boolean;
  onEditObject: (id: string, edit: (object: SceneObject) => SceneObject) => void;
  onEditScene: (edit: (scene: Scene) => Scene) => void;
}

type ValueType = 'string' | 'number' | 'boolean';

const typeOf = (value: PropertyValue): ValueType => (typeof value === 'number' ? 'number' : typeof value === 'boolean' ? 'boolean' : 'string');

/** A property value converted to another type, as well as it goes. */
function convert(value: PropertyValue, type: ValueType): PropertyValue {
  if (type === 'boolean') return value === true || value === 'true' || (typeof value === 'number' && value !== 0);
  if (type === 'number') {
    const number = typeof value === 'boolean' ? Number(value) : Number(value);
    return Number.isFinite(number) ? number : 0;
  }
  return String(value);
}

function ValueInput({ label, value, disabled, onCommit }: { label: string; value: PropertyValue; disabled: boolean; onCommit: (value: PropertyValue) => void }) {
  if (typeof value === 'boolean') {
    return (
      <label className="flex items-center gap-1 text-xs">
        <input type="checkbox" checked={value} disabled={disabled} onChange={(event) => onCommit(event.target.checked)} />
        <span className="sr-only">{label}</span>
        {String(value)}
      </label>
    );
  }
  if (typeof value === 'number') return <NumberField label={label} value={value} disabled={disabled} onCommit={onCommit} />;
  return <TextField label={label} value={value} disabled={disabled} onCommit={onCommit} />;
}

function CustomProperties({ object, editable, onEdit }: { object: SceneObject; editable: boolean; onEdit: (edit: (object: SceneObject) => SceneObject) => void }) {
  const [name, setName] = useState('');
  const [type, setType] = useState<ValueType>('string');
  const [error, setError] = useState<string | null>(null);
  const entries = Object.entries(object.properties);
  const setProperty = (key: string, value: PropertyValue) => onEdit((current) => ({ ...current, properties: { ...current.properties, [key]: value } }));
  const removeProperty = (key: string) =>
    onEdit((current) => ({ ...current, properties: Object.fromEntries(Object.entries(current.properties).filter(([other]) => other !== key)) }));

  const add = (event: FormEvent) => {
    event.preventDefault();
    const key = propertyKey.safeParse(name.trim());
    if (!key.success) return setError(key.error.issues[0]?.message ?? 'Invalid name.');
    if (key.data in object.properties) return setError(`"${key.data}" is already a property.`);
    setProperty(key.data, convert('', type));
    setName('');
    setError(null);
  };

  return (
    <section aria-label="Custom properties" className="space-y-1.5">
      <h3 className="text-[11px] font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400">Custom properties</h3>
      {entries.length === 0 ? <p className="text-xs text-slate-500 dark:text-slate-400">None yet.</p> : null}
      <ul className="space-y-1.5">
        {entries.map(([key, value]) => (
          <li key={key} className="grid grid-cols-[1fr_auto_auto] items-end gap-1">
            <ValueInput label={key} value={value} disabled={!editable} onCommit={(next) => setProperty(key, next)} />
            <select
              aria-label={`Type of ${key}`}
              value={typeOf(value)}
              disabled={!editable}
              onChange={(event) => setProperty(key, convert(value, event.target.value as ValueType))}
              className="rounded border border-slate-300 dark:border-slate-600 px-1 py-0.5 text-xs"
            >
              <option value="string">text</option>
              <option value="number">number</option>
              <option value="boolean">yes/no</option>
            </select>
            <button
              type="button"
              aria-label={`Remove ${key}`}
              disabled={!editable}
              onClick={() => removeProperty(key)}
              className="rounded px-1 text-slate-500 dark:text-slate-400 hover:bg-slate-200 dark:hover:bg-slate-700 hover:text-red-700 dark:hover:text-red-300 disabled:opacity-40"
            >
              <X aria-hidden className="h-3.5 w-3.5" />
            </button>
          </li>
        ))}
      </ul>
      {editable ? (
        <form onSubmit={add} className="flex items-end gap-1">
          <label className="flex flex-1 flex-col gap-0.5 text-[11px] font-medium text-slate-600 dark:text-slate-400">
            New property
            <input value={name} onChange={(event) => setName(event.target.value)} className="rounded border border-slate-300 dark:border-slate-600 px-1.5 py-0.5 text-xs" />
          </label>
          <select aria-label="Type of the new property" value={type} onChange={(event) => setType(event.target.value as ValueType)} className="rounded border border-slate-300 dark:border-slate-600 px-1 py-0.5 text-xs">
            <option value="string">text</option>
            <option value="number">number</option>
            <option value="boolean">yes/no</option>
          </select>
          <button type="submit" className="rounded bg-slate-700 dark:bg-slate-600 px-2 py-0.5 text-xs font-medium text-white hover:bg-slate-800 dark:hover:bg-slate-700">
            Add
          </button>
        </form>
      ) : null}
      <FormError look="inline" className="text-xs">{error}</FormError>
    </section>
  );
}

type ObjectOfType<T extends SceneObject['type']> = Extract<SceneObject, { type: T }>;

function TypeFields({ object, editable, onEdit }: { object: SceneObject; editable: boolean; onEdit: (edit: (object: SceneObject) => SceneObject) => void }) {
  const disabled = !editable;
  // Type-specific fields only ever apply to an object of that type.
  const patch =
    <T extends SceneObject['type']>(type: T) =>
    (fields: Partial<ObjectOfType<T>>) =>
      onEdit((current) => (current.type === type ? ({ ...current, ...fields } as SceneObject) : current));
  const sprite = patch('sprite');
  const text = patch('text');
  const shape = patch('shape');
  switch (object.type) {
    case 'sprite':
      return (
        <>
          <TextField label="Image" value={object.image} disabled={disabled} onCommit={(image) => sprite({ image })} />
          <div className="grid grid-cols-2 gap-1.5">
            <NumberField label="Width" min={0.0001} value={object.width} disabled={disabled} onCommit={(width) => sprite({ width })} />
            <NumberField label="Height" min={0.0001} value={object.height} disabled={disabled} onCommit={(height) => sprite({ height })} />
          </div>
        </>
      );
    case 'text':
      return (
        <>
          <TextField label="Text" multiline value={object.text} disabled={disabled} onCommit={(value) => text({ text: value })} />
          <div className="grid grid-cols-2 gap-1.5">
            <NumberField label="Font size" min={0.0001} value={object.fontSize} disabled={disabled} onCommit={(fontSize) => text({ fontSize })} />
            <TextField label="Font" value={object.fontFamily} disabled={disabled} onCommit={(fontFamily) => text({ fontFamily: fontFamily || 'sans-serif' })} />
          </div>
          <ColorField label="Colour" value={object.fill} disabled={disabled} onCommit={(fill) => text({ fill: fill ?? '#000000' })} />
        </>
      );
    case 'shape': {
      const { geometry } = object;
      const setGeometry = (size: { width?: number; height?: number }) =>
        onEdit((current) => (current.type === 'shape' && current.geometry.kind !== 'polygon' ? { ...current, geometry: { ...current.geometry, ...size } } : current));
      return (
        <>
          <p className="text-xs text-slate-600 dark:text-slate-400">
            Shape: <span className="font-medium">{geometry.kind}</span>
            {geometry.kind === 'polygon' ? ` (${geometry.points.length} corners)` : ''}
          </p>
          {geometry.kind !== 'polygon' ? (
            <div className="grid grid-cols-2 gap-1.5">
              <NumberField label="Width" min={0.0001} value={geometry.width} disabled={disabled} onCommit={(width) => setGeometry({ width })} />
              <NumberField label="Height" min={0.0001} value={geometry.height} disabled={disabled} onCommit={(height) => setGeometry({ height })} />
            </div>
          ) : null}
          <ColorField label="Fill" optional value={object.fill} disabled={disabled} onCommit={(fill) => shape({ fill })} />
          <ColorField label="Stroke" optional value={object.stroke} disabled={disabled} onCommit={(stroke) => shape({ stroke })} />
          <NumberField label="Stroke width" min={0} value={object.strokeWidth} disabled={disabled} onCommit={(strokeWidth) => shape({ strokeWidth })} />
        </>
      );
    }
    case 'group':
      return <p className="text-xs text-slate-600 dark:text-slate-400">Group of {object.children.length} {object.children.length === 1 ? 'object' : 'objects'}.</p>;
  }
}

const transformFields: Array<{ key: keyof Transform; label: string }> = [
  { key: 'x', label: 'X' },
  { key: 'y', label: 'Y' },
  { key: 'rotation', label: 'Rotation (°)' },
  { key: 'scaleX', label: 'Scale X' },
  { key: 'scaleY', label: 'Scale Y' },
];

/** Numeric editing of the selected object (or of the scene itself when nothing is selected). */
export function PropertyPanel({ scene, selected, editable, onEditObject, onEditScene }: PropertyPanelProps) {
  const disabled = !editable;
  if (selected.length > 1) {
    return (
      <section aria-label="Properties" className="p-3 text-xs text-slate-600 dark:text-slate-400">
        {selected.length} objects selected. Move, rotate or scale them together on the canvas, or select one to edit it here.
      </section>
    );
  }
  const object = selected[0];
  if (!object) {
    return (
      <section aria-label="Properties" className="space-y-2 p-3">
        <h3 className="text-[11px] font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400">Scene</h3>
        <TextField label="Scene name" value={scene.name} disabled={disabled} onCommit={(name) => onEditScene((current) => ({ ...current, name }))} />
        <div className="grid grid-cols-2 gap-1.5">
          <NumberField label="Scene width" min={0.0001} value={scene.width} disabled={disabled} onCommit={(width) => onEditScene((current) => ({ ...current, width }))} />
          <NumberField label="Scene height" min={0.0001} value={scene.height} disabled={disabled} onCommit={(height) => onEditScene((current) => ({ ...current, height }))} />
        </div>
        <ColorField label="Background" value={scene.background} disabled={disabled} onCommit={(background) => onEditScene((current) => ({ ...current, background: background ?? current.background }))} />
      </section>
    );
  }
  const edit = (change: (current: SceneObject) => SceneObject) => onEditObject(object.id, change);
  return (
    <section aria-label="Properties" className="space-y-2 p-3">
      <h3 className="text-[11px] font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400">
        {object.type} <span className="font-mono normal-case text-slate-400 dark:text-slate-500">#{object.id}</span>
      </h3>
      <TextField label="Name" value={object.name} disabled={disabled} onCommit={(name) => edit((current) => ({ ...current, name }))} />
      <fieldset className="grid grid-cols-2 gap-1.5">
        <legend className="sr-only">Transform</legend>
        {transformFields.map(({ key, label }) => (
          <NumberField
            key={key}
            label={label}
            value={object.transform[key]}
            disabled={disabled}
            onCommit={(value) => edit((current) => ({ ...current, transform: { ...current.transform, [key]: value } }))}
          />
        ))}
      </fieldset>
      <div className="flex gap-3 text-xs">
        <label className="flex items-center gap-1">
          <input type="checkbox" checked={object.visible} disabled={disabled} onChange={(event) => edit((current) => ({ ...current, visible: event.target.checked }))} />
          Visible
        </label>
        <label className="flex items-center gap-1">
          <input
            type="checkbox"
            checked={object.locked ?? false}
            disabled={disabled}
            // Unlocked is written by leaving the key out, as in hand-written files.
            onChange={(event) => edit((current) => ({ ...current, locked: event.target.checked || undefined }))}
          />
          Locked
        </label>
      </div>
      <TypeFields object={object} editable={editable} onEdit={edit} />
      <CustomProperties key={object.id} object={object} editable={editable} onEdit={edit} />
    </section>
  );
}
