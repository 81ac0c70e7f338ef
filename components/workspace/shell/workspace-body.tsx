'use client';

import { type ReactNode, useEffect } from 'react';
import { useCollab } from '@/components/workspace/collab/collab-provider';
import { PaneSplit, type SplitPane } from './pane-split';
import { type NarrowPane, useShell } from './shell-context';

const PAGE: SplitPane = { id: 'page', minSize: 320, narrowPanes: ['tree', 'editor'] };
const ACTIVITY: SplitPane = { id: 'activity', defaultSize: 320, minSize: 220, narrowPanes: ['panels'] };

/** The page beside the branch's side panels (Activity, Agents), resizable; at phone width one of them with a switcher. */
export function WorkspaceBody({ activity, agents, children }: { activity: ReactNode; agents: ReactNode; children: ReactNode }) {
  const { activityOpen, sidePanel } = useCollab();
  const { narrow, pane, showPane } = useShell();

  // At phone width the Activity button of the header switches to the panel, and closing it goes back.
  useEffect(() => {
    if (!narrow) return;
    showPane((current) => (activityOpen ? 'panels' : current === 'panels' ? 'editor' : current));
  }, [narrow, activityOpen, showPane]);

  const panelShown = narrow ? pane === 'panels' : activityOpen;
  return (
    <PaneSplit id="workspace" handleLabel={`Resize the ${sidePanel} panel`} className="h-full" panes={panelShown ? [PAGE, ACTIVITY] : [PAGE]}>
      {children}
      {panelShown ? (sidePanel === 'agents' ? agents : activity) : null}
    </PaneSplit>
  );
}

/** At phone width: which pane fills the screen (the file tree only where the page has one). */
export function PaneSwitcher() {
  const { setActivityOpen } = useCollab();
  const { pane, showPane, hasTree } = useShell();
  const choices: Array<{ pane: NarrowPane; label: string }> = [
    ...(hasTree ? [{ pane: 'tree' as const, label: 'Files' }] : []),
    { pane: 'editor', label: 'Editor' },
    { pane: 'panels', label: 'Activity' },
  ];
  return (
    <div role="tablist" aria-label="Panes" className="flex border-b border-slate-200 md:hidden dark:border-slate-700">
      {choices.map((choice) => (
        <button
          key={choice.pane}
          type="button"
          role="tab"
          aria-selected={pane === choice.pane}
          onClick={() => {
            showPane(choice.pane);
            setActivityOpen(choice.pane === 'panels');
          }}
          className={`-mb-px flex-1 border-b-2 px-2 py-2 text-sm font-medium ${pane === choice.pane ? 'border-indigo-600 text-indigo-700 dark:text-indigo-300' : 'border-transparent text-slate-600 dark:text-slate-400'}`}
        >
          {choice.label}
        </button>
      ))}
    </div>
  );
}
