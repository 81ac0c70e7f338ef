'use client';

import { useSelectedLayoutSegment } from 'next/navigation';
import { createContext, type ReactNode, useContext, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { type CollabSnapshot, INITIAL_SNAPSHOT, WorkspaceConnection } from '@/lib/realtime/client/workspace-connection';
import { pageOfSegment, type WorkspacePage } from '@/lib/workspace/urls';

/** What the side pane shows while it is open. */
export type SidePanel = 'activity' | 'agents';

interface CollabContextValue {
  connection: WorkspaceConnection;
  selfId: string;
  /** Whether the side pane is open (its name predates the agents panel). */
  activityOpen: boolean;
  setActivityOpen: (open: boolean) => void;
  sidePanel: SidePanel;
  /** Opens the side pane on `panel`. */
  showSidePanel: (panel: SidePanel) => void;
}

const CollabContext = createContext<CollabContextValue | null>(null);

/**
 * The branch's live connection for everything under it (one stream per tab). The page reported in
 * presence is the workspace tab, read from the layout's segment unless `page` is given.
 */
export function CollabProvider(props: {
  owner: string;
  repo: string;
  branch: string;
  selfId: string;
  page?: WorkspacePage;
  children: ReactNode;
}) {
  const { owner, repo, branch, selfId } = props;
  const segment = useSelectedLayoutSegment();
  const page = props.page ?? pageOfSegment(segment);
  const connection = useMemo(() => new WorkspaceConnection({ owner, repo, branch, selfId }), [owner, repo, branch, selfId]);
  useEffect(() => {
    connection.start();
    return () => connection.stop();
  }, [connection]);
  useEffect(() => connection.setPage(page), [connection, page]);
  const [activityOpen, setActivityOpen] = useState(false);
  const [sidePanel, setSidePanel] = useState<SidePanel>('activity');
  const value = useMemo(
    () => ({
      connection,
      selfId,
      activityOpen,
      setActivityOpen: (open: boolean) => {
        if (open) setSidePanel('activity');
        setActivityOpen(open);
      },
      sidePanel,
      showSidePanel: (panel: SidePanel) => {
        setSidePanel(panel);
        setActivityOpen(true);
      },
    }),
    [connection, selfId, activityOpen, sidePanel],
  );
  return <CollabContext value={value}>{props.children}</CollabContext>;
}

export function useCollab(): CollabContextValue {
  const value = useContext(CollabContext);
  if (!value) throw new Error('useCollab must be used inside <CollabProvider>');
  return value;
}

export function useCollabSnapshot(): CollabSnapshot {
  const { connection } = useCollab();
  return useSyncExternalStore(connection.subscribe, connection.getSnapshot, () => INITIAL_SNAPSHOT);
}
