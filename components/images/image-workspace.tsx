'use client';

import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { commitImages, listImages } from '@/app/github/[owner]/[repo]/[branch]/images/actions';
import { AssetCommitDialog, type AssetCommitRequest, CommitConflictBanner, type Committed, useAssetCommit } from '@/components/media/asset-commit';
import { useAssetListing } from '@/components/media/use-asset-listing';
import { FileChangedNotice } from '@/components/workspace/collab/file-changed-notice';
import { repoPathProblem } from '@/lib/github/paths';
import { IMAGE_EXTENSIONS, imageFormatOf, isCanvasFormat, notEditableReason } from '@/lib/images/formats';
import type { Raster } from '@/lib/images/raster';
import { checkUpload, uploadPathProblem } from '@/lib/images/uploads';
import { type AssetFile, assetFolders, filterAssets, freePath, joinPath, withExtension } from '@/lib/media/assets';
import type { AssetListing } from '@/lib/media/listing';
import { extensionOf } from '@/lib/code/file-kinds';
import { ImageEditor, type OpenImage } from './image-editor';
import { ImageGallery } from './image-gallery';
import { type PendingImage, PendingUploads } from './pending-uploads';

export interface ImageWorkspaceProps {
  owner: string;
  repo: string;
  branch: string;
  readOnlyReason: string | null;
  initialListing: AssetListing | null;
  listingError: string | null;
}

/** An open editor: `key` changes only when a file is (re)loaded, not when our own commit renames its blob. */
interface Session {
  key: number;
  file: OpenImage;
  /** The branch head the picture was loaded at: commits are made against it. */
  baseHeadSha: string;
  committed: Raster | null;
}

const isImagePath = (path: string) => (IMAGE_EXTENSIONS as readonly string[]).includes(extensionOf(path));

function defaultFolder(folders: string[]): string {
  return folders.find((folder) => /(^|\/)(images|sprites|img)$/i.test(folder)) ?? folders[0] ?? '';
}

export function ImageWorkspace({ owner, repo, branch, readOnlyReason, initialListing, listingError }: ImageWorkspaceProps) {
  const canWrite = readOnlyReason === null;
  const { listing, error, refresh } = useAssetListing({ owner, repo, branch, initial: initialListing, initialError: listingError, list: listImages, isAsset: isImagePath });
  const [filter, setFilter] = useState<{ folder: string | null; query: string }>({ folder: null, query: '' });
  const [session, setSession] = useState<Session | null>(null);
  const [pending, setPending] = useState<PendingImage[]>([]);
  const [uploadFolder, setUploadFolder] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const sessionKey = useRef(0);
  /** The picture of the editor commit in flight (to mark it saved once committed). */
  const editorCommit = useRef<Raster | null>(null);

  const assets = useMemo(() => listing?.assets ?? [], [listing]);
  const folders = useMemo(() => assetFolders(assets), [assets]);
  const shown = useMemo(() => filterAssets(assets, filter), [assets, filter]);
  const paths = useMemo(() => new Set(assets.map((asset) => asset.path)), [assets]);
  const folder = uploadFolder ?? filter.folder ?? defaultFolder(folders);

  const open = useCallback(
    (asset: AssetFile, headSha: string, taken: ReadonlySet<string>) => {
      const format = imageFormatOf(asset.path);
      if (!format) return;
      const editable = isCanvasFormat(format);
      sessionKey.current += 1;
      setSession({
        key: sessionKey.current,
        baseHeadSha: headSha,
        committed: null,
        file: {
          sourcePath: asset.path,
          sha: asset.sha,
          sourceFormat: format,
          targetPath: editable ? asset.path : freePath(withExtension(asset.path, 'png'), taken),
          targetFormat: editable ? format : 'png',
          note: notEditableReason(format),
        },
      });
      setNotice(null);
    },
    [],
  );

  /** Reopens the file on screen as it is now on the branch (dropping unsaved edits). */
  const reload = async (path: string) => {
    const latest = await refresh();
    const asset = latest?.assets.find((entry) => entry.path === path);
    if (latest && asset) open(asset, latest.commitSha, new Set(latest.assets.map((entry) => entry.path)));
    else if (latest) {
      setSession(null);
      setNotice(`${path} is no longer on the branch.`);
    }
  };

  const onCommitted = async (result: Committed, request: AssetCommitRequest) => {
    const latest = await refresh(result.sha);
    const written = new Set(request.files.map((file) => file.path));
    const summary = `Committed ${result.sha.slice(0, 7)}: ${request.files.length} ${request.files.length === 1 ? 'file' : 'files'}${result.rebased ? ', on top of newer commits on the branch' : ''}.`;
    if (session && written.has(session.file.targetPath) && editorCommit.current) {
      const committed = editorCommit.current;
      const asset = latest?.assets.find((entry) => entry.path === session.file.targetPath);
      setSession({
        ...session,
        baseHeadSha: result.sha,
        committed,
        file: asset ? { ...session.file, sourcePath: asset.path, sha: asset.sha, sourceFormat: session.file.targetFormat, note: null } : session.file,
      });
    } else {
      setPending((items) => {
        const kept = items.filter((item) => !written.has(joinPath(folder, item.name)));
        items.filter((item) => !kept.includes(item)).forEach((item) => URL.revokeObjectURL(item.previewUrl));
        return kept;
      });
    }
    editorCommit.current = null;
    setNotice(summary);
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
    [canWrite, paths, folder],
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

  if (!listing) {
    return (
      <div role="alert" className="m-6 rounded-md bg-red-50 px-4 py-3 text-sm text-red-800">
        <p>Could not load the images of this branch: {error}</p>
        <button type="button" onClick={() => void refresh()} className="mt-2 rounded-md border border-red-300 bg-white px-3 py-1 font-medium">
          Try again
        </button>
      </div>
    );
  }

  return (
    <div className="flex h-full min-h-0 flex-col">
      {readOnlyReason ? (
        <p role="note" className="border-b border-amber-200 bg-amber-50 px-4 py-2 text-sm text-amber-900">
          <strong className="font-semibold">Viewing only:</strong> {readOnlyReason}
        </p>
      ) : null}
      {listing.truncated ? <p className="border-b border-amber-200 bg-amber-50 px-4 py-1 text-xs text-amber-900">This repository is too large for GitHub to list completely; some images are missing here.</p> : null}
      <CommitConflictBanner flow={flow} onKeepTheirs={() => (session ? void reload(session.file.sourcePath) : void refresh())} />
      {session ? <FileChangedNotice path={session.file.sourcePath} onReload={() => void reload(session.file.sourcePath)} /> : null}
      {notice ? (
        <p role="status" aria-label="Images status" className="border-b border-slate-200 px-4 py-1 text-sm text-slate-700">
          {notice}
        </p>
      ) : null}
      {session ? (
        <ImageEditor
          key={session.key}
          owner={owner}
          repo={repo}
          file={session.file}
          canWrite={canWrite}
          committedRaster={session.committed}
          committing={flow.committing}
          onCommit={(bytes, raster) => {
            editorCommit.current = raster;
            const exists = paths.has(session.file.targetPath);
            return flow.start({ expectedHeadSha: session.baseHeadSha, files: [{ path: session.file.targetPath, content: bytes, kind: exists ? 'edit' : 'create' }] });
          }}
          onClose={(dirty) => {
            if (dirty && !window.confirm('Leave the editor? Your changes to this image have not been committed.')) return;
            setSession(null);
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
            onOpen={(asset) => open(asset, listing.commitSha, paths)}
            canWrite={canWrite}
            onAddFiles={(files) => void addFiles(files, 'file')}
          />
        </>
      )}
      <AssetCommitDialog flow={flow} />
    </div>
  );
}
