'use client';

import { useRef } from 'react';
import { commitSounds, listSounds } from '@/app/github/[owner]/[repo]/[branch]/sounds/actions';
import { AssetCommitDialog, type AssetCommitRequest, CommitConflictBanner, type Committed, useAssetCommit } from '@/components/media/asset-commit';
import { AssetFilters } from '@/components/media/asset-filters';
import { AssetNotice, useAssetWorkspace } from '@/components/media/asset-workspace';
import { useInteractive } from '@/components/media/use-interactive';
import { commitSummary } from '@/components/media/use-editor-session';
import { FileChangedNotice } from '@/components/workspace/collab/file-changed-notice';
import { PendingChangeNotice } from '@/components/workspace/collab/pending-change-notice';
import { ListingFailure, ReadOnlyNote } from '@/components/workspace/editor-notices';
import { extensionOf } from '@/lib/code/file-kinds';
import { baseName, parentFolder, repoPathProblem } from '@/lib/github/paths';
import { type AssetFile, fileTimestamp, formatBytes, freePath, joinPath, preferredFolder, withExtension } from '@/lib/media/assets';
import type { AssetPageProps } from '@/lib/media/listing';
import type { AudioClip } from '@/lib/sounds/clip';
import { isWavPath, SOUND_EXTENSIONS } from '@/lib/sounds/formats';
import { EffectGenerator } from './effect-generator';
import { Recorder } from './recorder';
import { type OpenSound, SoundEditor } from './sound-editor';

const isSoundPath = (path: string) => (SOUND_EXTENSIONS as readonly string[]).includes(extensionOf(path));

/** How a file of the list opens: WAV in place; MP3 and OGG with their edits saved as a WAV copy. */
function openSound(asset: AssetFile, taken: ReadonlySet<string>): OpenSound {
  const wav = isWavPath(asset.path);
  return {
    source: { path: asset.path, sha: asset.sha },
    initialClip: null,
    targetPath: wav ? asset.path : freePath(withExtension(asset.path, 'wav'), taken),
    note: wav ? null : `${extensionOf(asset.path).toUpperCase()} files cannot be written here, so ${baseName(asset.path)} stays as it is: your edits are saved as a WAV file.`,
  };
}

export function SoundWorkspace(props: AssetPageProps) {
  const { owner, repo, branch, readOnlyReason } = props;
  const { canWrite, listing, error, refresh, filter, setFilter, notice, setNotice, editor, assets, folders, shown, paths } = useAssetWorkspace<OpenSound, AudioClip>(props, { list: listSounds, isAsset: isSoundPath, openAsset: openSound });
  const { session } = editor;
  const dirty = useRef(false);
  // Recording and generating run in the browser only.
  const interactive = useInteractive();
  const newFolder = filter.folder ?? preferredFolder(folders, ['sounds', 'audio', 'sfx']);

  /** Whether the open editor may be replaced (asks when it holds uncommitted work). */
  const mayLeave = () => !session || !dirty.current || window.confirm('Leave the editor? Your changes to this sound have not been committed.');

  const create = (clip: AudioClip, name: string) => {
    if (!listing || !mayLeave()) return;
    editor.begin({ source: null, initialClip: clip, targetPath: freePath(joinPath(newFolder, `${name}.wav`), paths), note: null }, listing.commitSha);
    setNotice(null);
  };

  const onCommitted = async (result: Committed, request: AssetCommitRequest) => {
    const latest = await refresh(result.sha);
    const path = request.files[0]?.path ?? '';
    editor.afterCommit(result, session?.file.targetPath === path ? path : null, latest, (asset) => ({ ...session!.file, source: { path: asset.path, sha: asset.sha }, note: null }));
    setNotice(commitSummary(result, path));
  };

  const flow = useAssetCommit({ owner, repo, branch, action: commitSounds, onCommitted });

  const targetProblem = (file: OpenSound): string | null => {
    const problem = repoPathProblem(file.targetPath);
    if (problem) return problem;
    if (!isWavPath(file.targetPath)) return 'The name must end in .wav: edits are saved as WAV files.';
    if (file.targetPath !== file.source?.path && paths.has(file.targetPath)) return `${file.targetPath} already exists; choose another name.`;
    return null;
  };

  if (!listing) return <ListingFailure what="sounds" error={error} onRetry={() => void refresh()} />;

  return (
    <div className="flex h-full min-h-0 flex-col">
      <ReadOnlyNote reason={readOnlyReason} />
      <CommitConflictBanner flow={flow} onKeepTheirs={(conflicted) => (conflicted[0] ? void editor.reload(conflicted[0]) : void refresh())} />
      {session?.file.source ? <PendingChangeNotice path={session.file.source.path} /> : null}
      {session?.file.source ? <FileChangedNotice path={session.file.source.path} onReload={() => void editor.reload(session.file.source!.path)} /> : null}
      <AssetNotice label="Sounds status" notice={notice} />
      <div className="flex min-h-0 flex-1">
        <aside aria-label="Sounds sidebar" className="flex w-80 shrink-0 flex-col border-r border-slate-200 dark:border-slate-700 bg-slate-50 dark:bg-slate-900">
          <div className="space-y-2 border-b border-slate-200 dark:border-slate-700 p-3">
            <AssetFilters kind="sounds" folders={folders} filter={filter} onChange={setFilter} />
            {canWrite && interactive ? (
              <div className="space-y-2">
                <Recorder onRecorded={(clip) => create(clip, `recording-${fileTimestamp(new Date())}`)} onProblem={setNotice} />
                <EffectGenerator onGenerated={(clip, preset) => create(clip, preset)} />
              </div>
            ) : null}
          </div>
          <div className="min-h-0 flex-1 overflow-auto">
            {assets.length === 0 ? (
              <p className="p-4 text-sm text-slate-600 dark:text-slate-400">This branch has no sounds yet{canWrite ? ': record one or generate an effect.' : '.'}</p>
            ) : shown.length === 0 ? (
              <p className="p-4 text-sm text-slate-600 dark:text-slate-400">No sounds match this search.</p>
            ) : (
              <ul aria-label="Sounds" className="divide-y divide-slate-200 dark:divide-slate-700">
                {shown.map((asset) => {
                  const current = session?.file.source?.path === asset.path;
                  return (
                    <li key={asset.path}>
                      <button
                        type="button"
                        aria-current={current ? 'true' : undefined}
                        onClick={() => {
                          if (!mayLeave()) return;
                          editor.open(asset, listing);
                          setNotice(null);
                        }}
                        className={`flex w-full flex-col px-3 py-2 text-left hover:bg-white dark:hover:bg-slate-950 ${current ? 'bg-white dark:bg-slate-950' : ''}`}
                      >
                        <span className="truncate font-mono text-sm">{baseName(asset.path)}</span>
                        <span className="truncate text-xs text-slate-500 dark:text-slate-400">
                          {parentFolder(asset.path) || '(root)'} · {extensionOf(asset.path).toUpperCase()} · {formatBytes(asset.size)}
                        </span>
                      </button>
                    </li>
                  );
                })}
              </ul>
            )}
          </div>
        </aside>
        <div className="min-w-0 flex-1">
          {session ? (
            <SoundEditor
              key={session.key}
              owner={owner}
              repo={repo}
              file={session.file}
              canWrite={canWrite}
              committedClip={session.committed}
              committing={flow.committing}
              targetProblem={targetProblem(session.file)}
              onTargetPath={(targetPath) => editor.update({ ...session.file, targetPath })}
              onDirty={(value) => {
                dirty.current = value;
              }}
              onCommit={(bytes, clip) => flow.start(editor.commitRequest(session, clip, bytes, paths))}
              onClose={(unsaved) => {
                if (unsaved && !window.confirm('Leave the editor? Your changes to this sound have not been committed.')) return;
                editor.close();
              }}
            />
          ) : (
            <p className="px-6 py-10 text-center text-sm text-slate-600 dark:text-slate-400">Choose a sound{canWrite ? ', record one, or generate an effect' : ''}.</p>
          )}
        </div>
      </div>
      <AssetCommitDialog flow={flow} />
    </div>
  );
}
