'use client';

import { Children, type ReactNode, useEffect } from 'react';
import { Group, Panel, Separator, useGroupRef } from 'react-resizable-panels';
import { loadBranchUi, updateBranchUi } from '@/lib/workspace/ui-state';
import { type NarrowPane, useShell } from './shell-context';

export interface SplitPane {
  id: string;
  /** Pixels, or a percentage as "25%". */
  defaultSize?: number | string;
  minSize?: number | string;
  /** The phone-width panes this pane shows for. */
  narrowPanes: readonly NarrowPane[];
}

/**
 * Panes side by side (one per child, described by `panes`) with a handle between them: drag it, or
 * focus it and use the arrow keys. Sizes are remembered per branch under `id`. At phone width one
 * pane shows at a time, chosen by the shell's pane switcher; all stay mounted so an editor keeps its
 * state while hidden. A last pane may come and go (a side panel) without remounting the others.
 */
export function PaneSplit({ id, panes, handleLabel, className, children }: { id: string; panes: readonly SplitPane[]; handleLabel: string; className?: string; children: ReactNode }) {
  const { branchKey, narrow, pane } = useShell();
  const groupRef = useGroupRef();
  const contents = Children.toArray(children);
  const shown = panes.find((entry) => entry.narrowPanes.includes(pane)) ?? panes[panes.length - 1];
  const paneIds = panes.map((entry) => entry.id).join(' ');

  // Saved sizes arrive after hydration (the server cannot know them). A pane that just came (a side panel)
  // registers with the group a moment later, so the sizes wait for the group to have exactly the saved panes.
  useEffect(() => {
    const saved = loadBranchUi(branchKey).layouts[id];
    if (!saved) return;
    let frame = 0;
    let attempts = 0;
    const apply = () => {
      const group = groupRef.current;
      const current = group ? Object.keys(group.getLayout()) : [];
      if (group && current.length === Object.keys(saved).length && current.every((paneId) => paneId in saved)) {
        try {
          group.setLayout(saved);
        } catch {
          // Sizes that no longer add up (edited storage, changed minimum sizes) are dropped for the defaults.
        }
      } else if (++attempts < 10) {
        frame = requestAnimationFrame(apply);
      }
    };
    apply();
    return () => cancelAnimationFrame(frame);
    // The branch's key is stable for the layout's lifetime; a pane coming or going re-applies the sizes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id, paneIds]);

  return (
    <div className={className}>
      <Group
        id={id}
        groupRef={groupRef}
        orientation="horizontal"
        disabled={narrow}
        className="h-full min-h-0 [&>[data-pane-hidden]]:hidden!"
        onLayoutChanged={(layout, meta) => {
          if (!meta.isUserInteraction) return;
          updateBranchUi(branchKey, (state) => ({ ...state, layouts: { ...state.layouts, [id]: meta.requestedLayout ?? layout } }));
        }}
      >
        {panes.map((entry, index) => [
          index > 0 ? (
            <Separator
              key={`${entry.id}-handle`}
              aria-label={handleLabel}
              data-pane-hidden={narrow || undefined}
              className="w-1 shrink-0 bg-slate-200 outline-none hover:bg-indigo-300 focus-visible:bg-indigo-500 data-[separator=active]:bg-indigo-500 dark:bg-slate-700"
            />
          ) : null,
          <Panel
            key={entry.id}
            id={entry.id}
            defaultSize={entry.defaultSize}
            minSize={entry.minSize}
            className="h-full min-h-0"
            data-pane-hidden={(narrow && entry !== shown) || undefined}
          >
            {contents[index]}
          </Panel>,
        ])}
      </Group>
    </div>
  );
}
