'use client';

import { Circle, Minus } from 'lucide-react';
import dynamic from 'next/dynamic';
import Link from 'next/link';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { FileContent } from '@/app/github/[owner]/[repo]/[branch]/code/actions';
import { StagedCommitDialog, useStagedCommit } from '@/components/code/staged-commit';
import { type StagedBranchProps, useBlobReader, useStagedBranch } from '@/components/code/use-staged-branch';
import { ListingFailure, ReadOnlyNote } from '@/components/workspace/editor-notices';
import { FileChangedNotice } from '@/components/workspace/collab/file-changed-notice';
import { PendingChangeNotice } from '@/components/workspace/collab/pending-change-notice';
import { isTyping, useLeaveWarning } from '@/components/workspace/editor-guards';
import { previewKind } from '@/lib/code/file-kinds';
import { changeList, createFile, emptyStaging, originalSha, StagingError, stageText, workingFiles, type StagedState, type WorkingFile } from '@/lib/code/staging';
import { baseName } from '@/lib/github/paths';
import {
  addObject,
  flatten,
  groupObjects,
  newShape,
  newSprite,
  type NewShapeKind,
  removeObjects,
  reorder,
  SceneEditError,
  setTransforms,
  ungroup,
  updateObject,
} from '@/lib/scenes/operations';
import { emptyScene, isScenePath, parseScene, type Scene, type SceneProblem, serializeScene } from '@/lib/scenes/schema';
import { type Point, snap } from '@/lib/scenes/transform';
import { actualSizeView, fitView, screenToScene, type Size, type View, zoomAt } from '@/lib/scenes/view';
import { blobUrl } from '@/lib/media/assets';
import { canRedo, canUndo, createHistory, type History, type HistoryLimits, record, redo, undo } from '@/lib/media/history';
import { workspacePath } from '@/lib/workspace/urls';
import { HierarchyPanel } from './hierarchy-panel';
import { InvalidScene } from './invalid-scene';
import { PropertyPanel } from './property-panel';
import type { GridSettings, SelectMode } from './scene-canvas';
import { SceneSidebar } from './scene-sidebar';
import { imageSize } from './sprite-images';
import { matches, shortcuts } from '@/components/command-palette/shortcuts';

const SceneCanvas = dynamic(() => import('./scene-canvas'), {
  ssr: false,
  loading: () => <p className="flex-1 p-6 text-sm text-slate-500 dark:text-slate-400">Loading the canvas…</p>,
});

export interface SceneWorkspaceProps extends StagedBranchProps {
  /** The scene to open first (`?path=`). */
  initialPath: string | null;
}

type OpenScene =
  | { status: 'none' }
  | { status: 'loading'; path: string }
  | { status: 'failed'; path: string; message: string }
  | { status: 'invalid'; path: string; problems: SceneProblem[]; text: string; originalText: string | null }
  | {
      status: 'ready';
      path: string;
      history: History<Scene>;
      /** The text last saved (staged), or as opened: unsaved edits are the difference. */
      savedText: string;
      /** The file's text on the branch (null: a file created here), to unstage a save that changes nothing. */
      originalText: string | null;
      /** Replacing an invalid file: its old text goes at the next save. */
      replacing: boolean;
    };

const fileProblem: Record<Exclude<FileContent['kind'], 'text'>, string> = {
  binary: 'This file is not text, so it cannot be a scene.',
  too_large: 'This file is too large to open as a scene.',
};

/** Scenes share their unchanged objects from step to step, so only the number of undo steps is bounded. */
const HISTORY_LIMITS: HistoryLimits<Scene> = { maxSteps: 200, maxBytes: Infinity, sizeOf: () => 0 };

/**
 * The scene editor of a branch: scene files and images on the left, the canvas in the middle,
 * hierarchy and properties on the right. Saving stages the scene's JSON with the code editor's
 * staged changes (same browser storage); committing writes everything staged as one commit.
 */
export function SceneWorkspace(props: SceneWorkspaceProps) {
  const { owner, repo, branch, readOnlyReason } = props;
  const canWrite = readOnlyReason === null;
  const [notice, setNotice] = useState<string | null>(null);
  const { tree, treeError, refreshTree, staged, setStaged, persistStatus, staging, files, folders } = useStagedBranch(props, setNotice);
  const [open, setOpen] = useState<OpenScene>(props.initialPath ? { status: 'loading', path: props.initialPath } : { status: 'none' });
  const [selection, setSelection] = useState<string[]>([]);
  const [view, setView] = useState<View>({ zoom: 1, x: 0, y: 0 });
  const [viewport, setViewport] = useState<Size | null>(null);
  const [grid, setGrid] = useState<GridSettings>({ visible: true, snap: true, size: 8 });
  const [confirmingReplace, setConfirmingReplace] = useState(false);
  const [conflicts, setConflicts] = useState<string[] | null>(null);
  const openRequest = useRef(0);
  const pendingFit = useRef(false);
  const readText = useBlobReader(owner, repo);
  const commitFlow = useStagedCommit({
    owner,
    repo,
    branch,
    page: 'scenes',
    staged,
    headSha: tree?.commitSha,
    onCommitted: (committed) => {
      setStaged((state) => ({ ...emptyStaging(committed.sha), folders: state.folders }));
      setOpen((current) => (current.status === 'ready' ? { ...current, originalText: current.savedText } : current));
      setNotice(`Committed ${committed.sha.slice(0, 7)}: ${committed.files.length} ${committed.files.length === 1 ? 'file' : 'files'}.`);
      // The dialog closes at once; the files are read again meanwhile.
      void refreshTree(committed.sha);
    },
    onConflict: (result) => setConflicts(result.conflicts.map((conflict) => conflict.path)),
  });
  const { committing } = commitFlow;
  const scenePaths = useMemo(() => [...files.keys()].filter(isScenePath).sort(), [files]);
  const images = useMemo(
    () =>
      [...files.values()]
        .filter((file) => previewKind(file.path) === 'image')
        .map((file) => ({ path: file.path, url: file.sha && !staging.changes[file.path] ? blobUrl(owner, repo, file.sha, file.path) : null }))
        .sort((a, b) => a.path.localeCompare(b.path)),
    [files, staging, owner, repo],
  );
  const imageUrls = useMemo(() => new Map(images.map((image) => [image.path, image.url])), [images]);
  const imageSource = useCallback((path: string) => imageUrls.get(path) ?? null, [imageUrls]);

  const editable = canWrite && staged !== null && !committing && open.status === 'ready';
  const scene = open.status === 'ready' ? open.history.present : null;
  const sceneText = useMemo(() => (scene ? serializeScene(scene) : null), [scene]);
  const dirty = open.status === 'ready' && sceneText !== open.savedText;
  const existing = useMemo(() => new Set(scene ? flatten(scene).map((entry) => entry.object.id) : []), [scene]);
  const liveSelection = useMemo(() => selection.filter((id) => existing.has(id)), [selection, existing]);
  const selectedObjects = useMemo(
    () => (scene ? flatten(scene).filter((entry) => liveSelection.includes(entry.object.id)).map((entry) => entry.object) : []),
    [scene, liveSelection],
  );

  /** Reads a scene file (its staged text first) into the editor; a later request wins over an earlier one. */
  const loadScene = useCallback(
    async (path: string, inFiles: ReadonlyMap<string, WorkingFile>) => {
      const request = ++openRequest.current;
      const file = inFiles.get(path);
      const change = staging.changes[path];
      const stagedText = change && 'content' in change ? change.content : undefined;
      const sha = file ? originalSha(staging, file) : null;
      const original = await (sha ? readText(sha) : Promise.resolve(null));
      if (request !== openRequest.current) return;
      if (!file) {
        setOpen({ status: 'failed', path, message: `There is no file ${path} on this branch.` });
        return;
      }
      if (original && original.kind !== 'text') {
        setOpen({ status: 'failed', path, message: original.kind === 'error' ? original.message : fileProblem[original.kind] });
        return;
      }
      const originalText = original?.text ?? null;
      const text = stagedText ?? originalText ?? '';
      const parsed = parseScene(text);
      if (!parsed.ok) {
        setOpen({ status: 'invalid', path, problems: parsed.problems, text, originalText });
        return;
      }
      pendingFit.current = true;
      setOpen({ status: 'ready', path, history: createHistory(parsed.scene), savedText: text, originalText, replacing: false });
    },
    [staging, readText],
  );

  const openScene = (path: string, inFiles: ReadonlyMap<string, WorkingFile> = files) => {
    const url = new URL(window.location.href);
    url.searchParams.set('path', path);
    window.history.replaceState(window.history.state, '', url);
    setSelection([]);
    setConflicts(null);
    setConfirmingReplace(false);
    setOpen({ status: 'loading', path });
    void loadScene(path, inFiles);
  };

  const guardUnsaved = (): boolean => !dirty || window.confirm(`Discard the unsaved changes to ${open.status === 'ready' ? open.path : 'this scene'}?`);

  // The scene named in the address opens once the staged changes are known (they may hold its latest text).
  const openedInitial = useRef(false);
  useEffect(() => {
    if (openedInitial.current || staged === null) return;
    openedInitial.current = true;
    // loadScene sets state only after awaiting the file's text.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    if (props.initialPath) void loadScene(props.initialPath, files);
  }, [staged, props.initialPath, loadScene, files]);

  useEffect(() => {
    if (!pendingFit.current || !viewport || !scene) return;
    pendingFit.current = false;
    setView(fitView(scene, viewport));
  }, [scene, viewport]);

  /** Applies an edit to the open scene as one undo step; a refused edit is explained. */
  const edit = (change: (current: Scene) => Scene, select?: string[]) => {
    if (open.status !== 'ready' || !editable) return;
    try {
      const next = change(open.history.present);
      setOpen({ ...open, history: record(open.history, next, HISTORY_LIMITS) });
      if (select) setSelection(select);
    } catch (error) {
      if (error instanceof SceneEditError) setNotice(error.message);
      else throw error;
    }
  };

  const stepHistory = (step: typeof undo) => setOpen((current) => (current.status === 'ready' ? { ...current, history: step(current.history) } : current));

  const select = useCallback((ids: string[], mode: SelectMode) => {
    setSelection((current) => {
      if (mode === 'replace') return ids;
      if (mode === 'add') return [...new Set([...current, ...ids])];
      const toggled = new Set(current);
      for (const id of ids) if (!toggled.delete(id)) toggled.add(id);
      return [...toggled];
    });
  }, []);

  const viewCentre = (): Point => (viewport ? screenToScene(view, { x: viewport.width / 2, y: viewport.height / 2 }) : { x: 0, y: 0 });
  const snapPoint = (point: Point): Point => (grid.snap ? { x: snap(point.x, grid.size), y: snap(point.y, grid.size) } : point);

  const addShape = (kind: NewShapeKind) => {
    if (!scene) return;
    const object = newShape(scene, kind, snapPoint(viewCentre()));
    edit((current) => addObject(current, object), [object.id]);
  };

  const addSprite = async (path: string, at: Point) => {
    const url = imageUrls.get(path);
    if (!url || !scene) return;
    try {
      const size = await imageSize(url);
      const object = newSprite(scene, path, size, snapPoint(at));
      edit((current) => addObject(current, object), [object.id]);
    } catch {
      setNotice(`${path} could not be loaded as an image.`);
    }
  };

  const deleteSelection = () => edit((current) => removeObjects(current, new Set(liveSelection)), []);
  const groupSelection = () => {
    if (!scene || liveSelection.length === 0) return;
    try {
      const result = groupObjects(scene, liveSelection);
      edit(() => result.scene, [result.groupId]);
    } catch (error) {
      if (error instanceof SceneEditError) setNotice(error.message);
      else throw error;
    }
  };
  const ungroupSelection = () => {
    const [id] = liveSelection;
    if (!scene || liveSelection.length !== 1 || !id) return;
    try {
      const result = ungroup(scene, id);
      edit(() => result.scene, result.childIds);
    } catch (error) {
      if (error instanceof SceneEditError) setNotice(error.message);
      else throw error;
    }
  };

  const nudge = (dx: number, dy: number) => {
    if (!scene) return;
    const movable = flatten(scene).filter((entry) => liveSelection.includes(entry.object.id) && !entry.object.locked);
    if (movable.length === 0) return;
    const moved = new Map(movable.map(({ object }) => [object.id, { ...object.transform, x: object.transform.x + dx, y: object.transform.y + dy }]));
    edit((current) => setTransforms(current, moved));
  };

  /** Stages the open scene's JSON; returns the staged state it produced (null: nothing to save or refused). */
  const save = (): StagedState | null => {
    if (open.status !== 'ready' || !staged || !canWrite || !sceneText) return null;
    const file = files.get(open.path);
    try {
      const next = file ? stageText(staged, file, sceneText, open.originalText) : createFile(staged, files, folders, open.path, sceneText);
      setStaged(() => next);
      setOpen({ ...open, savedText: sceneText, replacing: false });
      setNotice(`Saved ${open.path}: staged until you commit.`);
      return next;
    } catch (error) {
      if (error instanceof StagingError) {
        setNotice(error.message);
        return null;
      }
      throw error;
    }
  };

  const createScene = (path: string): string | null => {
    if (!staged) return 'Your staged changes are still loading.';
    if (!guardUnsaved()) return null;
    const name = baseName(path).slice(0, -'.scene.json'.length) || 'Scene';
    const text = serializeScene(emptyScene(name));
    try {
      const next = createFile(staged, files, folders, path, text);
      setStaged(() => next);
      openScene(path, workingFiles(tree?.entries ?? [], next));
      setNotice(`Created ${path}: staged until you commit.`);
      return null;
    } catch (error) {
      if (error instanceof StagingError) return error.message;
      throw error;
    }
  };

  const replaceInvalid = () => {
    if (open.status !== 'invalid') return;
    const name = baseName(open.path).slice(0, -'.scene.json'.length) || 'Scene';
    pendingFit.current = true;
    setConfirmingReplace(false);
    setOpen({ status: 'ready', path: open.path, history: createHistory(emptyScene(name)), savedText: open.text, originalText: open.originalText, replacing: true });
    setNotice(`A new scene replaces ${open.path} when you save.`);
  };

  const reloadFromBranch = async (path: string) => {
    const next = await refreshTree();
    if (next) openScene(path, workingFiles(next.entries, staging));
  };

  const items = staged ? changeList(staged) : [];
  const openCommit = () => {
    if (!canWrite) return;
    const nothing = commitFlow.start(dirty ? save() : staged);
    if (nothing) setNotice(nothing);
  };

  // Keyboard shortcuts of the editor; fields keep their own keys (except Ctrl+S, which saves from anywhere).
  // Subscribed anew on each render, so the handler always sees the current scene.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (open.status !== 'ready' || commitFlow.open) return;
      if (matches(event, shortcuts.commit)) {
        event.preventDefault();
        save();
        return;
      }
      if (isTyping(event.target)) return;
      const run = (action: () => void) => {
        event.preventDefault();
        action();
      };
      if (matches(event, shortcuts.undo)) run(() => stepHistory(undo));
      else if (matches(event, shortcuts.redo)) run(() => stepHistory(redo));
      else if (matches(event, shortcuts.group)) run(groupSelection);
      else if (matches(event, shortcuts.ungroup)) run(ungroupSelection);
      else if (matches(event, shortcuts.selectAll)) run(() => setSelection(open.history.present.objects.map((object) => object.id)));
      else if (matches(event, shortcuts.deleteSelection)) run(deleteSelection);
      else if (matches(event, shortcuts.deselect)) setSelection([]);
      else if (matches(event, shortcuts.nudge) && liveSelection.length) {
        const step = event.shiftKey ? grid.size : 1;
        const delta = { arrowleft: [-step, 0], arrowright: [step, 0], arrowup: [0, step], arrowdown: [0, -step] }[event.key.toLowerCase()];
        if (delta) run(() => nudge(delta[0]!, delta[1]!));
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  useLeaveWarning(dirty);

  if (!tree) {
    return <ListingFailure what="files" error={treeError} onRetry={() => void refreshTree()} />;
  }

  const openPath = open.status === 'none' ? null : open.path;
  const zoomBy = (factor: number) => viewport && setView(zoomAt(view, { x: viewport.width / 2, y: viewport.height / 2 }, factor));
  const toolButton = 'rounded border border-slate-200 dark:border-slate-700 bg-white dark:bg-slate-950 px-2 py-0.5 text-xs text-slate-700 dark:text-slate-300 hover:bg-slate-100 dark:hover:bg-slate-800 disabled:opacity-40';
  const savedState = dirty ? 'unsaved' : persistStatus.state === 'failed' ? 'failed' : persistStatus.state === 'saving' || persistStatus.state === 'loading' ? 'saving' : 'saved';

  return (
    <div className="flex h-full min-h-0 flex-col">
      <ReadOnlyNote reason={readOnlyReason} />
      {openPath ? <PendingChangeNotice path={openPath} /> : null}
      {openPath && open.status !== 'loading' ? <FileChangedNotice path={openPath} onReload={() => void reloadFromBranch(openPath)} /> : null}
      {conflicts ? (
        <div role="alert" className="flex flex-wrap items-center gap-3 border-b border-red-200 dark:border-red-800 bg-red-50 dark:bg-red-950 px-4 py-2 text-sm text-red-900 dark:text-red-100">
          <span>
            Not committed: {conflicts.join(', ')} also changed on the branch since you started. Your changes are still staged.
          </span>
          <Link href={workspacePath(owner, repo, branch, 'code')} className="rounded-md bg-red-600 px-2 py-1 font-medium text-white hover:bg-red-700">
            Resolve in the code editor
          </Link>
        </div>
      ) : null}
      <div className="flex min-h-0 flex-1">
        <SceneSidebar
          scenes={scenePaths}
          images={images}
          openPath={openPath}
          changed={new Set(Object.keys(staging.changes))}
          canWrite={canWrite && staged !== null}
          canAddSprites={editable}
          onOpen={(path) => {
            if (guardUnsaved()) openScene(path);
          }}
          onCreate={createScene}
          onAddImage={(path) => void addSprite(path, viewCentre())}
        />
        <section aria-label="Scene editor" className="flex min-w-0 flex-1 flex-col">
          <div className="flex min-h-9 flex-wrap items-center gap-x-3 gap-y-1 border-b border-slate-200 dark:border-slate-700 px-3 py-1 text-sm">
            <h2 className="min-w-0 truncate font-mono text-xs text-slate-700 dark:text-slate-300" title={openPath ?? undefined}>
              {openPath ?? 'No scene open'}
            </h2>
            {open.status === 'ready' ? (
              <span data-testid="scene-save-state" data-state={savedState} className={`text-xs ${dirty ? 'text-amber-700 dark:text-amber-300' : 'text-slate-500 dark:text-slate-400'}`}>
                {dirty ? (
                  <>
                    <Circle aria-hidden className="inline h-2 w-2 fill-current" /> unsaved changes
                  </>
                ) : open.savedText === open.originalText ? (
                  'no changes'
                ) : (
                  'saved (staged)'
                )}
              </span>
            ) : null}
            <p role="status" className="min-w-0 flex-1 truncate text-xs text-slate-600 dark:text-slate-400">
              {notice}
            </p>
            {canWrite ? (
              <div className="flex gap-1">
                <button type="button" onClick={() => save()} disabled={!editable || !dirty} aria-keyshortcuts="Control+S Meta+S" className={toolButton}>
                  Save
                </button>
                <button
                  type="button"
                  onClick={openCommit}
                  disabled={committing || staged === null || (!dirty && items.length === 0)}
                  className="rounded-md bg-indigo-600 px-3 py-0.5 text-xs font-medium text-white hover:bg-indigo-700 disabled:opacity-40"
                >
                  Commit{items.length ? ` ${items.length}` : ''}…
                </button>
              </div>
            ) : null}
          </div>
          {open.status === 'ready' && scene ? (
            <>
              {open.replacing ? (
                <p role="note" className="border-b border-amber-200 dark:border-amber-800 bg-amber-50 dark:bg-amber-950 px-3 py-1 text-xs text-amber-900 dark:text-amber-100">
                  This new scene replaces the invalid file when you save.
                </p>
              ) : null}
              <div role="toolbar" aria-label="Scene tools" className="flex flex-wrap items-center gap-1 border-b border-slate-200 dark:border-slate-700 bg-slate-50 dark:bg-slate-900 px-2 py-1">
                <button type="button" className={toolButton} disabled={!editable || !canUndo(open.history)} onClick={() => stepHistory(undo)} aria-keyshortcuts="Control+Z">
                  Undo
                </button>
                <button type="button" className={toolButton} disabled={!editable || !canRedo(open.history)} onClick={() => stepHistory(redo)} aria-keyshortcuts="Control+Shift+Z">
                  Redo
                </button>
                <span aria-hidden className="mx-1 h-4 w-px bg-slate-300 dark:bg-slate-600" />
                {(['rect', 'ellipse', 'polygon', 'text'] as const).map((kind) => (
                  <button key={kind} type="button" className={toolButton} disabled={!editable} onClick={() => addShape(kind)}>
                    {{ rect: 'Add rectangle', ellipse: 'Add ellipse', polygon: 'Add polygon', text: 'Add text' }[kind]}
                  </button>
                ))}
                <span aria-hidden className="mx-1 h-4 w-px bg-slate-300 dark:bg-slate-600" />
                <label className="flex items-center gap-1 text-xs">
                  <input type="checkbox" checked={grid.visible} onChange={(event) => setGrid({ ...grid, visible: event.target.checked })} />
                  Grid
                </label>
                <label className="flex items-center gap-1 text-xs">
                  <input type="checkbox" checked={grid.snap} onChange={(event) => setGrid({ ...grid, snap: event.target.checked })} />
                  Snap
                </label>
                <select aria-label="Grid size" value={grid.size} onChange={(event) => setGrid({ ...grid, size: Number(event.target.value) })} className="rounded border border-slate-300 dark:border-slate-600 px-1 text-xs">
                  {[1, 4, 8, 16, 32, 64].map((size) => (
                    <option key={size} value={size}>
                      {size}
                    </option>
                  ))}
                </select>
                <span aria-hidden className="mx-1 h-4 w-px bg-slate-300 dark:bg-slate-600" />
                <button type="button" className={toolButton} aria-label="Zoom out" disabled={!viewport} onClick={() => zoomBy(1 / 1.25)}>
                  <Minus aria-hidden className="mx-auto h-3.5 w-3.5" />
                </button>
                <span className="w-12 text-center text-xs tabular-nums" data-testid="scene-zoom">
                  {Math.round(view.zoom * 100)}%
                </span>
                <button type="button" className={toolButton} aria-label="Zoom in" disabled={!viewport} onClick={() => zoomBy(1.25)}>
                  +
                </button>
                <button type="button" className={toolButton} disabled={!viewport} onClick={() => viewport && setView(actualSizeView(viewport))}>
                  100%
                </button>
                <button type="button" className={toolButton} disabled={!viewport} onClick={() => viewport && setView(fitView(scene, viewport))}>
                  Fit
                </button>
              </div>
              <div className="flex min-h-0 flex-1">
                <SceneCanvas
                  scene={scene}
                  selection={liveSelection}
                  editable={editable}
                  grid={grid}
                  view={view}
                  onViewChange={setView}
                  onViewportSize={setViewport}
                  imageSource={imageSource}
                  onSelect={select}
                  onTransform={(transforms) => edit((current) => setTransforms(current, transforms))}
                  onDropImage={(path, at) => void addSprite(path, at)}
                />
                <aside aria-label="Scene panels" className="flex w-72 shrink-0 flex-col border-l border-slate-200 dark:border-slate-700 bg-white dark:bg-slate-950">
                  <div className="flex max-h-[50%] min-h-0 flex-col border-b border-slate-200 dark:border-slate-700">
                    <HierarchyPanel
                      objects={scene.objects}
                      selection={liveSelection}
                      editable={editable}
                      onSelect={select}
                      onRename={(id, name) => edit((current) => updateObject(current, id, (object) => ({ ...object, name })))}
                      onToggleVisible={(id) => edit((current) => updateObject(current, id, (object) => ({ ...object, visible: !object.visible })))}
                      onReorder={(id, move) => edit((current) => reorder(current, id, move))}
                      onGroup={groupSelection}
                      onUngroup={ungroupSelection}
                      onDelete={deleteSelection}
                    />
                  </div>
                  <div className="min-h-0 flex-1 overflow-auto">
                    <PropertyPanel
                      scene={scene}
                      selected={selectedObjects}
                      editable={editable}
                      onEditObject={(id, change) => edit((current) => updateObject(current, id, change))}
                      onEditScene={(change) => edit(change)}
                    />
                  </div>
                </aside>
              </div>
            </>
          ) : open.status === 'invalid' ? (
            <InvalidScene
              path={open.path}
              problems={open.problems}
              text={open.text}
              codeEditorUrl={workspacePath(owner, repo, branch, 'code')}
              canWrite={canWrite && staged !== null}
              confirming={confirmingReplace}
              onAskReplace={() => setConfirmingReplace(true)}
              onCancelReplace={() => setConfirmingReplace(false)}
              onReplace={replaceInvalid}
            />
          ) : (
            <div className="flex flex-1 items-center justify-center p-6 text-center text-sm text-slate-600 dark:text-slate-400">
              {open.status === 'loading' ? (
                <p>Loading {open.path}…</p>
              ) : open.status === 'failed' ? (
                <p role="alert" className="text-red-800 dark:text-red-200">
                  Could not open {open.path}: {open.message}
                </p>
              ) : scenePaths.length ? (
                <p>Choose a scene on the left{canWrite ? ', or create a new one' : ''}.</p>
              ) : (
                <p>This branch has no scenes yet{canWrite ? ': create one with “New scene”' : ''}.</p>
              )}
            </div>
          )}
        </section>
      </div>
      <StagedCommitDialog flow={commitFlow} items={items} />
    </div>
  );
}
