'use client';

import { Circle, X } from 'lucide-react';
import type { Extension } from '@codemirror/state';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { compareBranch } from '@/app/github/[owner]/[repo]/[branch]/code/actions';
import { ListingFailure, ReadOnlyNote } from '@/components/workspace/editor-notices';
import { previewKind } from '@/lib/code/file-kinds';
import { ancestorsOf } from '@/lib/code/file-tree';
import {
  changeList,
  createFile,
  createFolder,
  deletePath,
  discardChange,
  hasChanges,
  originalSha,
  renamePath,
  renameTarget,
  StagingError,
  stageText,
  type StagedState,
} from '@/lib/code/staging';
import type { CommitConflict, CommitResult } from '@/lib/github/commits';
import type { Comparison } from '@/lib/github/compare';
import { isWithin, repoPathProblem, normalizeRepoPath } from '@/lib/github/paths';
import { FileChangedNotice } from '@/components/workspace/collab/file-changed-notice';
import { PendingChangeNotice } from '@/components/workspace/collab/pending-change-notice';
import { useRemoteCursorsExtension, useReportSelection } from '@/components/workspace/collab/hooks';
import { PaneSplit } from '@/components/workspace/shell/pane-split';
import { useShell } from '@/components/workspace/shell/shell-context';
import { loadBranchUi, updateBranchUi, withFileView, type FileView } from '@/lib/workspace/ui-state';
import { ChangesPanel } from './changes-panel';
import { CodeEditor, type EditorSelection } from './code-editor';
import { ComparePanel } from './compare-panel';
import { ConflictView, type ConflictFile, type Resolution } from './conflict-view';
import { DiffView } from './diff-view';
import { useEditorRequests } from './editor-requests';
import { FileTree } from './file-tree';
import { binaryNotice, FileNotice, MediaPreview, tooLargeNotice } from './file-preview';
import { PatchView } from './patch-view';
import { SearchPanel } from './search-panel';
import { StagedCommitDialog, useStagedCommit } from './staged-commit';
import { type BlobEntry, type StagedBranchProps, useBlobReader, useStagedBranch } from './use-staged-branch';
import { matches, shortcuts } from '@/components/command-palette/shortcuts';

export interface CodeWorkspaceProps extends StagedBranchProps {
  defaultBranch: string | null;
}

type SidebarTab = 'files' | 'search' | 'changes' | 'compare';
type MainView = { kind: 'file' } | { kind: 'staged-diff'; path: string } | { kind: 'branch-diff'; path: string };
type Conflicts = { headSha: string; files: ConflictFile[]; resolutions: Record<string, Resolution> };
type CompareState = { headSha: string; result: Comparison | null; error: string | null };

export function CodeWorkspace(props: CodeWorkspaceProps) {
  const { owner, repo, branch, defaultBranch, readOnlyReason } = props;
  const canWrite = readOnlyReason === null;
  const [notice, setNotice] = useState<string | null>(null);
  const { tree, treeError, refreshTree, staged, setStaged, persistStatus, staging, files, folders } = useStagedBranch(props, setNotice);
  /** Blobs loaded so far (absent while loading). */
  const [blobs, setBlobs] = useState<Record<string, BlobEntry>>({});
  const [tabs, setTabs] = useState<string[]>([]);
  const [active, setActive] = useState<string | null>(null);
  const [revisions, setRevisions] = useState<Record<string, number>>({});
  const [view, setView] = useState<MainView>({ kind: 'file' });
  const [sidebar, setSidebar] = useState<SidebarTab>('files');
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const [selected, setSelected] = useState<string | null>(null);
  const [conflicts, setConflicts] = useState<Conflicts | null>(null);
  const [comparison, setComparison] = useState<CompareState | null>(null);
  /** Where to put the caret once the file is open (a search result, "go to file" at a line). */
  const [reveal, setReveal] = useState<{ path: string; line: number; column: number; seq: number } | null>(null);
  const { branchKey, showPane, setHasTree } = useShell();
  const [restored, setRestored] = useState(false);

  useEffect(() => {
    setHasTree(true);
    return () => setHasTree(false);
  }, [setHasTree]);

  // Tabs and the active file come back as they were left on this branch, once the staged files (which may be
  // open) are known; they load in the browser only, so this render cannot differ from the server's. A file
  // opened before that (from the command palette) stays open and active.
  if (!restored && staged !== null) {
    const saved = loadBranchUi(branchKey);
    const openable = saved.tabs.filter((path) => files.get(path)?.type === 'blob' && !tabs.includes(path));
    setTabs([...openable, ...tabs]);
    if (!active) {
      const reopened = saved.active && openable.includes(saved.active) ? saved.active : (openable[0] ?? null);
      setActive(reopened);
      setSelected(reopened);
      if (reopened) setExpanded(new Set(ancestorsOf(reopened)));
    }
    setRestored(true);
  }

  useEffect(() => {
    if (restored) updateBranchUi(branchKey, (state) => ({ ...state, tabs, active }));
  }, [restored, branchKey, tabs, active]);

  const savedViewOf = useCallback((path: string): FileView | undefined => loadBranchUi(branchKey).views[path], [branchKey]);
  const onViewChange = useCallback((path: string, view: FileView) => updateBranchUi(branchKey, (state) => withFileView(state, path, view)), [branchKey]);

  // Collaboration: other people's carets in the open file, ours reported to them (lines count from 1 there).
  const remoteCursors = useRemoteCursorsExtension(active);
  const editorExtensions = useMemo<Extension[]>(() => [remoteCursors], [remoteCursors]);
  const reportSelection = useReportSelection();
  const onSelectionChange = useCallback(
    (path: string, selection: EditorSelection) =>
      reportSelection(path, {
        anchor: { line: selection.anchor.line + 1, ch: selection.anchor.ch },
        head: { line: selection.head.line + 1, ch: selection.head.ch },
      }),
    [reportSelection],
  );

  const filesRef = useRef(files);
  useEffect(() => {
    filesRef.current = files;
  }, [files]);

  const onBlobLoaded = useCallback((sha: string, entry: BlobEntry) => setBlobs((current) => ({ ...current, [sha]: entry })), []);
  const fetchBlob = useBlobReader(owner, repo, onBlobLoaded);

  const textOf = (sha: string | null): string | null => {
    if (!sha) return null;
    const entry = blobs[sha];
    return entry?.kind === 'text' ? entry.text : null;
  };

  const bump = (paths: Iterable<string>) =>
    setRevisions((current) => {
      const next = { ...current };
      for (const path of paths) next[path] = (next[path] ?? 0) + 1;
      return next;
    });

  const openFile = (path: string, at?: { line: number; column?: number }) => {
    const file = files.get(path);
    if (!file || file.type !== 'blob') return;
    if (at) setReveal((previous) => ({ path, line: at.line, column: at.column ?? 0, seq: (previous?.seq ?? 0) + 1 }));
    setTabs((current) => (current.includes(path) ? current : [...current, path]));
    setActive(path);
    setSelected(path);
    setView({ kind: 'file' });
    setExpanded((current) => new Set([...current, ...ancestorsOf(path)]));
    showPane('editor');
  };

  // Load what is on screen: the open file's original (unless it is previewed) and a diff's original.
  const activeFile = active ? files.get(active) : undefined;
  const activeSha = activeFile && !(previewKind(activeFile.path) && !staging.changes[activeFile.path]) ? originalSha(staging, activeFile) : null;
  const diffChange = view.kind === 'staged-diff' ? staging.changes[view.path] : undefined;
  const diffSha = diffChange?.kind === 'edit' || diffChange?.kind === 'delete' ? diffChange.baseSha : diffChange?.kind === 'rename' ? diffChange.fromSha : null;
  useEffect(() => {
    for (const sha of [activeSha, diffSha]) if (sha) void fetchBlob(sha);
  }, [activeSha, diffSha, fetchBlob]);

  const closeTab = (path: string) => {
    const index = tabs.indexOf(path);
    const remaining = tabs.filter((tab) => tab !== path);
    setTabs(remaining);
    if (active === path) setActive(remaining[Math.min(index, remaining.length - 1)] ?? null);
  };

  /** Applies a staging operation; a refusal is shown instead of thrown. */
  const apply = (operation: (state: StagedState) => StagedState): string | null => {
    if (!staged) return 'Your staged changes are still loading.';
    try {
      const next = operation(staged);
      setStaged(() => next);
      return null;
    } catch (error) {
      if (error instanceof StagingError) return error.message;
      throw error;
    }
  };

  const onEditorChange = useCallback(
    (path: string, text: string) => {
      setStaged((state) => {
        const file = filesRef.current.get(path);
        if (!file || file.type !== 'blob') return state;
        const sha = originalSha(state, file);
        const entry = sha ? blobs[sha] : undefined;
        return stageText(state, file, text, entry?.kind === 'text' ? entry.text : null);
      });
    },
    [blobs, setStaged],
  );

  const onCreate = (kind: 'file' | 'folder', input: string): string | null => {
    const problem = repoPathProblem(input);
    if (problem) return problem;
    const path = normalizeRepoPath(input);
    const refused = apply((state) => (kind === 'file' ? createFile(state, files, folders, path) : createFolder(state, files, folders, path)));
    if (refused) return refused;
    setExpanded((current) => new Set([...current, ...ancestorsOf(path), ...(kind === 'folder' ? [path] : [])]));
    setSelected(path);
    if (kind === 'file') {
      setTabs((current) => (current.includes(path) ? current : [...current, path]));
      setActive(path);
      setView({ kind: 'file' });
      bump([path]);
    }
    return null;
  };

  const onRename = (from: string, input: string): string | null => {
    const target = renameTarget(from, input);
    const problem = repoPathProblem(target);
    if (problem) return problem;
    const to = normalizeRepoPath(target);
    let moved = new Map<string, string>();
    const refused = apply((state) => {
      const result = renamePath(state, files, folders, from, to);
      moved = result.moved;
      return result.state;
    });
    if (refused) return refused;
    setTabs((current) => current.map((tab) => moved.get(tab) ?? tab));
    if (active) setActive(moved.get(active) ?? active);
    setSelected(to);
    // An open folder stays open under its new name.
    setExpanded((current) => new Set([...[...current].map((folder) => (isWithin(folder, from) ? to + folder.slice(from.length) : folder)), ...ancestorsOf(to)]));
    bump(moved.values());
    setNotice(`Renamed ${from} to ${to} (staged until you commit).`);
    return null;
  };

  const onDelete = (path: string) => {
    const refused = apply((state) => deletePath(state, files, path));
    if (refused) {
      setNotice(refused);
      return;
    }
    setTabs((current) => current.filter((tab) => !isWithin(tab, path)));
    if (active && isWithin(active, path)) setActive(null);
    setSelected(null);
    setNotice(`Deleted ${path} (staged until you commit).`);
  };

  const onDiscard = (path: string) => {
    const change = staging.changes[path];
    apply((state) => discardChange(state, path));
    if (change?.kind === 'rename') setTabs((current) => current.map((tab) => (tab === path ? change.from : tab)));
    if (change?.kind === 'create') setTabs((current) => current.filter((tab) => tab !== path));
    bump([path, ...(change?.kind === 'rename' ? [change.from] : [])]);
    if (view.kind === 'staged-diff' && view.path === path) setView({ kind: 'file' });
  };

  const afterCommit = async (result: Extract<CommitResult, { status: 'committed' }>, committed: StagedState) => {
    const next = await refreshTree(result.sha);
    // The committed texts are the new originals: keep them, by their new blob ids.
    if (next) {
      const bySha = new Map(next.entries.map((entry) => [entry.path, entry.sha]));
      setBlobs((current) => {
        const seeded = { ...current };
        for (const [path, change] of Object.entries(committed.changes)) {
          const sha = bySha.get(path);
          if (sha && 'content' in change && change.content !== undefined) seeded[sha] = { kind: 'text', text: change.content };
        }
        return seeded;
      });
    }
    // Folders created here that now hold a committed file need no placeholder any more.
    const stillEmpty = (folder: string) => !next?.entries.some((entry) => isWithin(entry.path, folder));
    setStaged((state) => ({ baseSha: result.sha, changes: {}, folders: state.folders.filter(stillEmpty) }));
    setNotice(`Committed ${result.sha.slice(0, 7)}: ${result.files.length} ${result.files.length === 1 ? 'file' : 'files'}${result.rebased ? ', on top of newer commits on the branch' : ''}.`);
    setView({ kind: 'file' });
  };

  const showConflicts = async (result: Extract<CommitResult, { status: 'conflict' }>, state: StagedState) => {
    const loadText = async (sha: string | null | undefined): Promise<{ text: string | null; binary: boolean }> => {
      if (!sha) return { text: null, binary: false };
      const entry = await fetchBlob(sha);
      return entry.kind === 'text' ? { text: entry.text, binary: false } : { text: null, binary: true };
    };
    const conflictFiles = await Promise.all(
      result.conflicts.map(async (conflict: CommitConflict): Promise<ConflictFile> => {
        const theirs = conflict.theirs?.type === 'blob' ? await loadText(conflict.theirs.sha) : { text: null, binary: false };
        const change = state.changes[conflict.path];
        let yours: { text: string | null; binary: boolean } = { text: null, binary: false };
        if (change && change.kind !== 'delete') {
          yours = 'content' in change && change.content !== undefined ? { text: change.content, binary: false } : await loadText(change.kind === 'rename' ? change.fromSha : null);
        }
        return { path: conflict.path, theirs: theirs.text, yours: yours.text, binary: theirs.binary || yours.binary };
      }),
    );
    setConflicts({ headSha: result.headSha, files: conflictFiles, resolutions: {} });
    setNotice(`Not committed: ${conflictFiles.length === 1 ? 'a file you changed was' : `${conflictFiles.length} files you changed were`} also changed on the branch.`);
  };

  const commitFlow = useStagedCommit({ owner, repo, branch, page: 'code', staged, headSha: tree?.commitSha, onCommitted: afterCommit, onConflict: showConflicts });
  const { committing, start: startCommit } = commitFlow;
  const editable = canWrite && staged !== null && !committing && conflicts === null;

  const openCommit = useCallback(() => {
    if (!canWrite) return;
    const nothing = startCommit(staged);
    if (nothing) setNotice(nothing);
  }, [canWrite, staged, startCommit]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (matches(event, shortcuts.commit)) {
        event.preventDefault();
        openCommit();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [openCommit]);

  useEditorRequests((request) => {
    if (request.kind === 'open') {
      if (files.has(request.path)) openFile(request.path, request.line ? { line: request.line, column: request.column } : undefined);
      else setNotice(`There is no file ${request.path} on this branch.`);
    } else if (request.kind === 'search') setSidebar('search');
    else openCommit();
  }, canWrite);

  const resolveConflict = async (path: string, resolution: Resolution) => {
    if (!conflicts) return;
    const resolutions = { ...conflicts.resolutions, [path]: resolution };
    if (conflicts.files.some((file) => !(file.path in resolutions))) {
      setConflicts({ ...conflicts, resolutions });
      return;
    }
    const head = await refreshTree(conflicts.headSha);
    if (!head) return;
    const entries = new Map(head.entries.map((entry) => [entry.path, entry]));
    const theirsText = new Map(conflicts.files.map((file) => [file.path, file.theirs]));
    setStaged((state) => {
      const changes = { ...state.changes };
      for (const [resolved, choice] of Object.entries(resolutions)) {
        const previous = state.changes[resolved];
        const theirs = entries.get(resolved);
        delete changes[resolved];
        if ('delete' in choice) {
          if (theirs) changes[resolved] = { kind: 'delete', baseSha: theirs.sha };
        } else if (previous?.kind === 'rename' && entries.get(previous.from)) {
          changes[resolved] = { kind: 'rename', from: previous.from, fromSha: entries.get(previous.from)!.sha, content: choice.content };
        } else if (theirs) {
          if (choice.content !== theirsText.get(resolved)) changes[resolved] = { kind: 'edit', content: choice.content, baseSha: theirs.sha };
        } else {
          changes[resolved] = { kind: 'create', content: choice.content };
        }
      }
      return { ...state, baseSha: conflicts.headSha, changes };
    });
    bump(Object.keys(resolutions));
    setConflicts(null);
    setNotice('Conflicts resolved on top of the latest commit. Review your changes and commit again.');
  };

  const loadComparison = useCallback(async () => {
    if (!tree || !defaultBranch || defaultBranch === branch) return;
    const headSha = tree.commitSha;
    setComparison({ headSha, result: null, error: null });
    const result = await compareBranch({ owner, repo, branch, base: defaultBranch, headSha });
    setComparison(result.ok ? { headSha, result: result.data, error: null } : { headSha, result: null, error: result.error.message });
  }, [tree, defaultBranch, branch, owner, repo]);

  const showSidebar = (tab: SidebarTab) => {
    setSidebar(tab);
    if (tab === 'compare' && (!comparison || comparison.headSha !== tree?.commitSha || comparison.error)) void loadComparison();
  };

  const items = staged ? changeList(staged) : [];

  const renderFile = () => {
    if (!active || !activeFile) return <FileNotice title="No file open" detail="Choose a file in the tree, or search for one by name." />;
    const change = staging.changes[active];
    const content = change && 'content' in change ? change.content : undefined;
    const sha = originalSha(staging, activeFile);
    const kind = previewKind(active);
    if (content === undefined && kind && sha) return <MediaPreview owner={owner} repo={repo} path={active} sha={sha} kind={kind} />;
    let text = content;
    if (text === undefined) {
      const entry = sha ? blobs[sha] : undefined;
      if (!entry) return <FileNotice title="Loading…" detail={active} />;
      if (entry.kind === 'error') return <FileNotice title="Could not open this file" detail={entry.message} />;
      if (entry.kind === 'binary') return <FileNotice {...binaryNotice(entry.size)} />;
      if (entry.kind === 'too_large') return <FileNotice {...tooLargeNotice(entry.size)} />;
      text = entry.text;
    }
    const path = active;
    return (
      <>
        <PendingChangeNotice path={path} />
        <FileChangedNotice
          path={path}
          onReload={async () => {
            await refreshTree();
            bump([path]);
          }}
        />
        <CodeEditor
          path={path}
          text={text}
          revision={revisions[path] ?? 0}
          readOnly={!editable}
          extensions={editorExtensions}
          onChange={onEditorChange}
          onSelectionChange={onSelectionChange}
          savedViewOf={savedViewOf}
          onViewChange={onViewChange}
          onSave={openCommit}
          reveal={reveal?.path === path ? reveal : null}
        />
      </>
    );
  };

  const renderStagedDiff = (path: string) => {
    const change = staging.changes[path];
    if (!change) return <FileNotice title="No staged change" detail={path} />;
    const originalBlob = diffSha;
    const original = originalBlob ? textOf(originalBlob) : '';
    const entry = originalBlob ? blobs[originalBlob] : undefined;
    if (originalBlob && entry?.kind !== 'text') {
      if (!entry) return <FileNotice title="Loading…" detail={path} />;
      return <FileNotice title={change.kind === 'rename' ? `Renamed from ${change.from}` : `${change.kind === 'delete' ? 'Deleted' : 'Changed'} file`} detail="No line diff for this file." />;
    }
    const modified = change.kind === 'delete' ? '' : change.kind === 'rename' ? (change.content ?? original ?? '') : change.content;
    return <DiffView path={path} original={original ?? ''} modified={modified} />;
  };

  const mainHeading =
    view.kind === 'staged-diff'
      ? `Staged changes to ${view.path}`
      : view.kind === 'branch-diff'
        ? `${view.path} compared with ${defaultBranch}`
        : null;

  const sidebarTabs: Array<{ tab: SidebarTab; label: string }> = [
    { tab: 'files', label: 'Files' },
    { tab: 'search', label: 'Search' },
    { tab: 'changes', label: `Changes${items.length ? ` (${items.length})` : ''}` },
    { tab: 'compare', label: defaultBranch ? `Changes vs ${defaultBranch}` : 'Compare' },
  ];

  if (!tree) {
    return <ListingFailure what="files" error={treeError} onRetry={() => void refreshTree()} />;
  }

  return (
    <div className="flex h-full min-h-0 flex-col">
      <ReadOnlyNote reason={readOnlyReason} />
      <PaneSplit
        id="code"
        handleLabel="Resize the file tree"
        className="min-h-0 flex-1"
        panes={[
          { id: 'sidebar', defaultSize: 288, minSize: 180, narrowPanes: ['tree'] },
          { id: 'editor', minSize: 240, narrowPanes: ['editor', 'panels'] },
        ]}
      >
        <aside aria-label="Code sidebar" className="flex h-full flex-col bg-slate-50 dark:bg-slate-900">
          <div role="tablist" aria-label="Sidebar" className="flex border-b border-slate-200 dark:border-slate-700 text-xs">
            {sidebarTabs.map(({ tab, label }) => (
              <button
                key={tab}
                type="button"
                role="tab"
                aria-selected={sidebar === tab}
                onClick={() => showSidebar(tab)}
                className={`-mb-px flex-1 border-b-2 px-2 py-2 font-medium ${sidebar === tab ? 'border-indigo-600 text-indigo-700 dark:text-indigo-300' : 'border-transparent text-slate-600 dark:text-slate-400 hover:text-slate-900 dark:hover:text-slate-100'}`}
              >
                {label}
              </button>
            ))}
          </div>
          <div role="tabpanel" aria-label={sidebarTabs.find((entry) => entry.tab === sidebar)!.label} className="min-h-0 flex-1">
            {sidebar === 'files' ? (
              <>
                {tree.readByFolder ? (
                  <p role="note" className="px-3 pt-2 text-xs text-amber-800 dark:text-amber-200">
                    This repository is too large for GitHub to list in one go, so its files were loaded folder by folder.
                  </p>
                ) : null}
                <FileTree
                  files={files}
                  folders={folders}
                  expanded={expanded}
                  selected={selected}
                  canWrite={editable}
                  onSelect={setSelected}
                  onToggle={(folder) =>
                    setExpanded((current) => {
                      const next = new Set(current);
                      if (!next.delete(folder)) next.add(folder);
                      return next;
                    })
                  }
                  onOpen={openFile}
                  onCreate={onCreate}
                  onRename={onRename}
                  onDelete={onDelete}
                />
              </>
            ) : sidebar === 'search' ? (
              <SearchPanel
                owner={owner}
                repo={repo}
                branch={branch}
                headSha={tree.commitSha}
                staging={staging}
                onOpen={(match) => openFile(match.path, { line: match.line, column: match.column })}
              />
            ) : sidebar === 'changes' ? (
              <ChangesPanel
                items={items}
                canWrite={canWrite}
                persistStatus={persistStatus}
                branchMoved={staged !== null && hasChanges(staged) && staged.baseSha !== tree.commitSha}
                selected={view.kind === 'staged-diff' ? view.path : null}
                onShow={(path) => setView({ kind: 'staged-diff', path })}
                onDiscard={onDiscard}
                onCommit={openCommit}
              />
            ) : (
              <ComparePanel
                branch={branch}
                defaultBranch={defaultBranch}
                state={comparison}
                selected={view.kind === 'branch-diff' ? view.path : null}
                onShow={(path) => setView({ kind: 'branch-diff', path })}
                onRetry={() => void loadComparison()}
              />
            )}
          </div>
        </aside>
        <section aria-label="Editor" className="flex h-full min-w-0 flex-col">
          <div className="flex min-h-9 items-center justify-between gap-2 border-b border-slate-200 dark:border-slate-700 px-3 text-sm">
            <p role="status" className="min-w-0 truncate text-slate-700 dark:text-slate-300">
              {notice}
            </p>
            {canWrite ? (
              <button
                type="button"
                onClick={openCommit}
                disabled={!items.length || committing}
                className="shrink-0 rounded-md bg-indigo-600 px-3 py-1 text-xs font-medium text-white hover:bg-indigo-700 disabled:opacity-40"
                aria-keyshortcuts="Control+S Meta+S"
              >
                Commit{items.length ? ` ${items.length}` : ''}…
              </button>
            ) : null}
          </div>
          {conflicts ? (
            <ConflictView branch={branch} files={conflicts.files.filter((file) => !(file.path in conflicts.resolutions))} onResolve={(path, resolution) => void resolveConflict(path, resolution)} />
          ) : mainHeading ? (
            <div className="flex min-h-0 flex-1 flex-col">
              <div className="flex items-center justify-between gap-2 border-b border-slate-200 dark:border-slate-700 bg-slate-50 dark:bg-slate-900 px-3 py-1.5">
                <h2 className="truncate text-sm font-medium">{mainHeading}</h2>
                <button type="button" onClick={() => setView({ kind: 'file' })} className="rounded px-2 py-0.5 text-xs text-slate-700 dark:text-slate-300 hover:bg-slate-200 dark:hover:bg-slate-700">
                  Back to editor
                </button>
              </div>
              <div className="min-h-0 flex-1">
                {view.kind === 'staged-diff' ? (
                  renderStagedDiff(view.path)
                ) : view.kind === 'branch-diff' ? (
                  <PatchView label={`Diff of ${view.path}`} patch={comparison?.result?.files.find((file) => file.path === view.path)?.patch} />
                ) : null}
              </div>
            </div>
          ) : (
            <div className="flex min-h-0 flex-1 flex-col">
              {tabs.length ? (
                <div role="tablist" aria-label="Open files" className="flex overflow-x-auto border-b border-slate-200 dark:border-slate-700 bg-slate-50 dark:bg-slate-900">
                  {tabs.map((path) => {
                    const dirty = Boolean(staging.changes[path]);
                    const name = path.slice(path.lastIndexOf('/') + 1);
                    return (
                      <div key={path} className={`flex items-center border-r border-slate-200 dark:border-slate-700 ${path === active ? 'bg-white dark:bg-slate-950' : ''}`}>
                        <button
                          type="button"
                          role="tab"
                          aria-selected={path === active}
                          aria-label={dirty ? `${name}, changed` : name}
                          aria-keyshortcuts="Delete"
                          title={path}
                          onClick={() => openFile(path)}
                          onKeyDown={(event) => event.key === 'Delete' && closeTab(path)}
                          className="flex items-center gap-1.5 px-3 py-1.5 text-xs"
                        >
                          <span className="font-mono">{name}</span>
                          {dirty ? (
                            <Circle aria-hidden className="h-2 w-2 fill-current text-amber-600 dark:text-amber-400" data-testid="dirty-marker" />
                          ) : null}
                        </button>
                        {/* A tab list may hold only tabs: keyboard and screen reader users close a tab with Delete on it. */}
                        <button
                          type="button"
                          aria-hidden
                          tabIndex={-1}
                          title={`Close ${name}`}
                          onClick={() => closeTab(path)}
                          className="px-1.5 text-slate-500 dark:text-slate-400 hover:text-slate-900 dark:hover:text-slate-100"
                        >
                          <X aria-hidden className="h-3.5 w-3.5" />
                        </button>
                      </div>
                    );
                  })}
                </div>
              ) : null}
              <div role={tabs.length ? 'tabpanel' : undefined} aria-label={active ?? undefined} className="min-h-0 flex-1">
                {renderFile()}
              </div>
            </div>
          )}
        </section>
      </PaneSplit>
      <StagedCommitDialog flow={commitFlow} items={items} />
    </div>
  );
}
