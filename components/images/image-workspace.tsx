'use client';

import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { commitImages, listImages } from '@/app/github/[owner]/[repo]/[branch]/images/actions';
import { AssetCommitDialog, type AssetCommitRequest, CommitConflictBanner, type Committed, useAssetCommit } from '@/components/media/asset-commit';
import { AssetNotice, useAssetWorkspace } from '@/components/media/asset-workspace';
import { commitSummary } from '@/components/media/use-editor-session';
import { FileChangedNotice } from '@/components/workspace/collab/file-changed-notice';
import { PendingChangeNotice } from '@/components/workspace/collab/pending-change-notice';
import { ListingFailure, ReadOnlyNote } from '@/components/workspace/editor-notices';
import { repoPathProblem } from '@/lib/github/paths';
import { IMAGE_EXTENSIONS, imageFormatOf, isCanvasFormat, notEditableReason } from '@/lib/images/formats';
import type { Raster } from '@/lib/images/raster';
import { checkUpload, uploadPathProblem } from '@/lib/images/uploads';
import { type AssetFile, freePath, joinPath, preferredFolder, withExtension } from '@/lib/media/assets';
import type { AssetPageProps } from '@/lib/media/listing';
import { extensionOf } from '@/lib/code/file-kinds';
import { ImageEditor, type OpenImage } from './image-editor';
import { ImageGallery } from './image-gallery';
import { type PendingImage, PendingUploads } from './pending-uploads';

const isImagePath = (path: string) => (IMAGE_EXTENSIONS as readonly string[]).includes(extensionOf(path));

/** How a file of the gallery opens: in place, or (GIF, SVG) as a PNG copy next to it. */
function openImage(asset: AssetFile, taken: ReadonlySet<string>): OpenImage {
  const format = imageFormatOf(asset.path) ?? 'png';
  const editable = isCanvasFormat(format);
  return {
    sourcePath: asset.path,
    sha: asset.sha,
    sourceFormat: format,
    targetPath: editable ? asset.path : freePath(withExtension(asset.path, 'png'), taken),
    targetFormat: editable ? format : 'png',
    note: notEditableReason(format),
  };
}

export function ImageWorkspace(props: AssetPageProps) {
  const { owner, repo, branch, readOnlyReason } = props;
  const { canWrite, listing, error, refresh, filter, setFilter, notice, setNotice, editor, assets, folders, shown, paths } = useAssetWorkspace<OpenImage, Raster>(props, { list: listImages, isAsset: isImagePath, openAsset: openImage });
  const { session } = editor;
  const [pending, setPending] = useState<PendingImage[]>([]);
  const [uploadFolder, setUploadFolder] = useState<string | null>(null);
  const folder = uploadFolder ?? filter.folder ?? preferredFolder(folders, ['images', 'sprites', 'img']);

  const onCommitted = async (result: Committed, request: AssetCommitRequest) => {
    const latest = await refresh(result.sha);
    const written = new Set(request.files.map((file) => file.path));
    const target = session && written.has(session.file.targetPath) ? session.file.targetPath : null;
    const fromEditor = editor.afterCommit(result, target, latest, (asset) => ({ ...session!.file, sourcePath: asset.path, sha: asset.sha, sourceFormat: session!.file.targetFormat, note: null }));
    if (!fromEditor) {
      setPending((items) => {
        const kept = items.filter((item) => !written.has(joinPath(folder, item.name)));
        items.filter((item) => !kept.includes(item)).forEach((item) => URL.revokeObjectURL(item.previewUrl));
        return kept;
      });
    }
    setNotice(commitSummary(result, `${request.files.length} ${request.files.length === 1 ? 'file' : 'files'}`));
  };

  const flow = useAssetCommit({ owner, repo, branch, action: commitImages, onCommitted });

  const addFiles = useCallback(
    async (files: File[], source: 'file' | 'paste') => {
      if (!canWrite || files.length === 0) return;
      const now = new Date();
      const refused: string[] = [];
      const added: PendingImage[] = [];
      for (const file of files) {
        const bytes = new Uint8Array(await file.arrayBuffer());
        const check = checkUpload(file.name, bytes, source, now);
        if (!check.ok) {
          refused.push(check.problem);
          continue;
        }
        added.push({ id: crypto.randomUUID(), name: check.name, format: check.format, bytes, previewUrl: URL.createObjectURL(new Blob([bytes], { type: file.type })) });
      }
      setPending((items) => {
        // New names never clash with the branch or with each other; the user can still rename them.
        const taken = new Set([...paths, ...items.map((item) => joinPath(folder, item.name))]);
        const named = added.map((item) => {
          const path = freePath(joinPath(folder, item.name), taken);
          taken.add(path);
          return { ...item, name: path.slice(path.lastIndexOf('/') + 1) };
        });
        return [...items, ...named];
      });
      setNotice(refused.length ? `Not added: ${refused.join(' ')}` : `${added.length} ${added.length === 1 ? 'image' : 'images'} ready to commit.`);
    },
    [canWrite, paths, folder, setNotice],
  );

  // Pasting an image anywhere on the gallery adds it (text pastes into fields are left alone).
  useEffect(() => {
    if (!canWrite || session) return;
    const onPaste = (event: ClipboardEvent) => {
      const files = [...(event.clipboardData?.files ?? [])];
      if (files.length === 0) return;
      event.preventDefault();
      void addFiles(files, 'paste');
    };
    document.addEventListener('paste', onPaste);
    return () => document.removeEventListener('paste', onPaste);
  }, [canWrite, session, addFiles]);

  const pendingRef = useRef(pending);
  useEffect(() => {
    pendingRef.current = pending;
  }, [pending]);
  useEffect(() => () => pendingRef.current.forEach((item) => URL.revokeObjectURL(item.previewUrl)), []);

  const folderProblem = folder === '' ? null : repoPathProblem(folder);
  const problems = useMemo(() => {
    const result: Record<string, string | null> = {};
    pending.forEach((item) => {
      const others = pending.filter((other) => other.id !== item.id).map((other) => joinPath(folder, other.name));
      result[item.id] = uploadPathProblem(folder, item.name, item.format, new Set([...paths, ...others]));
    });
    return result;
  }, [pending, folder, paths]);

  const commitUploads = () => {
    if (!listing) return;
    const problem = flow.start({
      expectedHeadSha: listing.commitSha,
      files: pending.map((item) => ({ path: joinPath(folder, item.name), content: item.bytes, kind: 'create' })),
    });
    if (problem) setNotice(problem);
  };

  if (!listing) return <ListingFailure what="images" error={error} onRetry={() => void refresh()} />;

  return (
    <div className="flex h-full min-h-0 flex-col">
      <ReadOnlyNote reason={readOnlyReason} />
      <CommitConflictBanner flow={flow} onKeepTheirs={() => (session ? void editor.reload(session.file.sourcePath) : void refresh())} />
      {session ? <PendingChangeNotice path={session.file.sourcePath} /> : null}
      {session ? <FileChangedNotice path={session.file.sourcePath} onReload={() => void editor.reload(session.file.sourcePath)} /> : null}
      <AssetNotice label="Images status" notice={notice} />
      {session ? (
        <ImageEditor
          key={session.key}
          owner={owner}
          repo={repo}
          file={session.file}
          canWrite={canWrite}
          committedRaster={session.committed}
          committing={flow.committing}
          onCommit={(bytes, raster) => flow.start(editor.commitRequest(session, raster, bytes, paths))}
          onClose={(dirty) => {
            if (dirty && !window.confirm('Leave the editor? Your changes to this image have not been committed.')) return;
            editor.close();
          }}
        />
      ) : (
        <>
          {pending.length ? (
            <PendingUploads
              items={pending}
              problems={problems}
              folder={folder}
              folders={folders}
              folderProblem={folderProblem}
              onFolder={setUploadFolder}
              onRename={(id, name) => setPending((items) => items.map((item) => (item.id === id ? { ...item, name } : item)))}
              onRemove={(id) =>
                setPending((items) => {
                  items.filter((item) => item.id === id).forEach((item) => URL.revokeObjectURL(item.previewUrl));
                  return items.filter((item) => item.id !== id);
                })
              }
              onCommit={commitUploads}
              committing={flow.committing}
            />
          ) : null}
          <ImageGallery
            owner={owner}
            repo={repo}
            assets={shown}
            total={assets.length}
            folders={folders}
            filter={filter}
            onFilter={setFilter}
            onOpen={(asset) => {
              editor.open(asset, listing);
              setNotice(null);
            }}
            canWrite={canWrite}
            onAddFiles={(files) => void addFiles(files, 'file')}
          />
        </>
      )}
      <AssetCommitDialog flow={flow} />
    </div>
  );
}
